package com.cityexplorer.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether an environment variable given to a service (by docker-compose or the Helm chart) means something to it. A
 * misspelt name is silently ignored by Spring Boot, so it is checked here: {@code CITY_EXPLORER_*} names must be
 * placeholders in a service's configuration, {@code CITYEXPLORER_*} names must bind to a field of one of our
 * {@code @ConfigurationProperties("city-explorer...")} (Spring's relaxed binding drops the dashes), and the rest must
 * be Spring Boot's or the JVM's.
 */
final class ServiceEnvironment {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(CITY_EXPLORER_[A-Z0-9_]+)");
    private static final Pattern PROPERTIES = Pattern.compile("@ConfigurationProperties\\(\"city-explorer\\.([a-z.-]+)\"\\)");
    private static final Set<String> STANDARD_PREFIXES = Set.of("SPRING_", "SERVER_", "MANAGEMENT_", "LOGGING_", "JDK_JAVA_OPTIONS",
            "JAVA_TOOL_OPTIONS");

    private final Set<String> placeholders = new HashSet<>();
    /** "events.replicationfactor"-style keys: the properties class prefix without dashes, then a field name, lower case. */
    private final Set<String> boundProperties = new HashSet<>();

    ServiceEnvironment() {
        try (Stream<Path> files = Files.walk(Manifests.REPOSITORY)) {
            for (Path file : files.filter(f -> f.toString().contains("/src/main/") && !f.toString().contains("/target/")).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yml") || name.endsWith(".properties")) {
                    Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
                    while (matcher.find()) {
                        placeholders.add(matcher.group(1));
                    }
                } else if (name.endsWith(".java")) {
                    String source = Files.readString(file);
                    Matcher matcher = PROPERTIES.matcher(source);
                    if (matcher.find()) {
                        String prefix = matcher.group(1).replace("-", "");
                        Matcher fields = Pattern.compile("\\b(?:[A-Z][A-Za-z0-9<>,. ?]*|boolean|int|long|short|double)\\s+([a-z][A-Za-z0-9]*)\\s*[,)]")
                                .matcher(source.substring(matcher.end()));
                        while (fields.find()) {
                            boundProperties.add(prefix + "." + fields.group(1).toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    boolean understands(String variable) {
        if (variable.startsWith("CITY_EXPLORER_")) {
            return placeholders.contains(variable);
        }
        if (variable.startsWith("CITYEXPLORER_")) {
            String rest = variable.substring("CITYEXPLORER_".length()).toLowerCase(Locale.ROOT);
            int lastUnderscore = rest.lastIndexOf('_');
            String property = rest.substring(0, lastUnderscore).replace('_', '.') + "." + rest.substring(lastUnderscore + 1);
            return boundProperties.contains(property);
        }
        return STANDARD_PREFIXES.stream().anyMatch(variable::startsWith);
    }
}
