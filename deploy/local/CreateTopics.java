import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.mintpost.contracts.Topics;

/**
 * Creates every topic of the contracts module that does not exist yet, with its production
 * settings. Run by up.sh as a single-file program:
 * java -cp contracts.jar:kafka-libs/* CreateTopics.java host:port [max-job-bytes]
 */
public class CreateTopics {

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        int maxJobBytes = args.length > 1 ? Integer.parseInt(args[1]) : Topics.MAX_JOB_RECORD_BYTES;
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            Map<ConfigResource, Collection<AlterConfigOp>> sizes = new HashMap<>();
            for (String name : Topics.all()) {
                Map<String, String> configs = Topics.configs(name, maxJobBytes);
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, Topics.partitions(name), (short) 1).configs(configs));
                } else if (Topics.isJobTopic(name)) {
                    // a topic made before the size limit changed takes the new one too
                    sizes.put(new ConfigResource(ConfigResource.Type.TOPIC, name), configs.entrySet().stream()
                            .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()),
                                    AlterConfigOp.OpType.SET)).toList());
                }
            }
            admin.createTopics(missing).all().get();
            admin.incrementalAlterConfigs(sizes).all().get();
            System.out.println("created " + missing.size() + " topics, " + existing.size()
                    + " existed; job records up to " + Topics.jobTopicMaxBytes(maxJobBytes) + " bytes");
        }
    }
}
