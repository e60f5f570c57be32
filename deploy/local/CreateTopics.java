import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.mintpost.contracts.Topics;

/**
 * Creates every topic of the contracts module that does not exist yet, with its production
 * settings. Run by up.sh as a single-file program: java -cp contracts.jar:kafka-libs/* CreateTopics.java host:port
 */
public class CreateTopics {

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String name : Topics.all()) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, Topics.partitions(name), (short) 1).configs(Topics.configs(name)));
                }
            }
            admin.createTopics(missing).all().get();
            System.out.println("created " + missing.size() + " topics, " + existing.size() + " existed");
        }
    }
}
