package org.mintpost.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code src/main/resources/application.properties} as the prod profile sees it, and
 * what in it must come from outside: keys whose value is empty, and {@code ${NAME}} expressions
 * without a {@code :default} that name no other property (i.e. an environment variable).
 */
final class ServiceProperties {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)}");

    private final Path file;
    private final Map<String, String> effective;

    private ServiceProperties(Path file, Map<String, String> effective) {
        this.file = file;
        this.effective = effective;
    }

    static Optional<ServiceProperties> of(String service) {
        Path file = Manifests.repoRoot().resolve(service).resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return Optional.of(new ServiceProperties(file, prodView(raw)));
    }

    /** Keys without a profile, overridden by {@code %prod.} (or {@code %a,prod,b.}) keys. */
    static Map<String, String> prodView(Properties raw) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> prod = new LinkedHashMap<>();
        for (String key : raw.stringPropertyNames()) {
            String value = raw.getProperty(key).trim();
            if (!key.startsWith("%")) {
                plain.put(key, value);
                continue;
            }
            int dot = key.indexOf('.');
            if (dot < 0) {
                continue;
            }
            Set<String> profiles = Set.copyOf(Arrays.asList(key.substring(1, dot).split(",")));
            if (profiles.contains("prod")) {
                prod.put(key.substring(dot + 1), value);
            }
        }
        Map<String, String> view = new LinkedHashMap<>(plain);
        view.putAll(prod);
        return view;
    }

    Path file() {
        return file;
    }

    Map<String, String> effective() {
        return effective;
    }

    /** A requirement: the key, and the environment variables any one of which satisfies it. */
    record Needed(String key, Set<String> envNames, String why) {
    }

    Set<Needed> needed() {
        Set<Needed> needed = new LinkedHashSet<>();
        effective.forEach((key, value) -> {
            String keyEnv = envName(key);
            if (value.isEmpty()) {
                needed.add(new Needed(key, Set.of(keyEnv), "empty in the prod profile"));
                return;
            }
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                String name = m.group(1).trim();
                if (effective.containsKey(name) || !name.matches("[A-Z0-9_]+")) {
                    // Another property (the file's own or one of Quarkus' defaults), not the environment.
                    continue;
                }
                needed.add(new Needed(key, Set.of(name, keyEnv), "${" + name + "} has no default"));
            }
        });
        return needed;
    }

    /** MicroProfile Config's environment variable for a property: non-alphanumerics to _, upper case. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
