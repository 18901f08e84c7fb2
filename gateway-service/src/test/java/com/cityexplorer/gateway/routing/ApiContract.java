package com.cityexplorer.gateway.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the endpoint tables of {@code shared/api-contract.md}, so routing is tested against the
 * contract clients build on rather than against a copy of it. Each section heading names the owning
 * service, for example "## Places (place-service)".
 */
final class ApiContract {

    record Endpoint(String method, String path, String serviceId) {
        /** The path with its template variables filled in and its query string removed. */
        String concretePath() {
            return path.replaceAll("\\?.*$", "").replaceAll("\\{[^}]+}", "x1");
        }
    }

    private static final Pattern SECTION = Pattern.compile("^## .*\\(([a-z]+-service)\\)\\s*$");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*([A-Z, ]+)\\s*\\|\\s*([^|]+)\\|");

    /**
     * The contract in {@code ../shared} beside the project where it exists (here and in CI); otherwise
     * (a contributor's fork) the snapshot in docs/, which {@code ApiContractSnapshotTest} keeps equal.
     */
    static Path locate() {
        return shared().orElseGet(ApiContract::snapshot);
    }

    static java.util.Optional<Path> shared() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path sibling = dir.resolveSibling("shared").resolve("api-contract.md");
            if (Files.isRegularFile(sibling) && Files.isDirectory(dir.resolve(".git"))) {
                return java.util.Optional.of(sibling);
            }
        }
        return java.util.Optional.empty();
    }

    static Path snapshot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/api-contract.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Neither ../shared/api-contract.md nor docs/api-contract.md found");
    }

    static List<Endpoint> endpoints() throws IOException {
        List<Endpoint> endpoints = new ArrayList<>();
        String serviceId = null;
        for (String line : Files.readAllLines(locate())) {
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                serviceId = section.group(1);
                continue;
            }
            if (line.startsWith("## ")) {
                serviceId = null;
            }
            Matcher row = ROW.matcher(line);
            if (serviceId != null && row.find() && !row.group(1).isBlank()) {
                for (String method : row.group(1).split(",")) {
                    for (String path : row.group(2).replace("\\|", "|").split(",")) {
                        String trimmed = path.trim().replace("`", "");
                        if (trimmed.startsWith("/")) {
                            endpoints.add(new Endpoint(method.trim(), trimmed, serviceId));
                        }
                    }
                }
            }
        }
        return endpoints;
    }
}
