package com.cityexplorer.deploy.terraform;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Terraform module (a directory of .tf files) as hcl4j parses it: blocks become maps (a repeated block a list of
 * them), references to variables resolve to their defaults, other expressions stay text or null. The files are
 * parsed together, as Terraform reads a module, and each on its own (every file must parse).
 */
record TerraformModule(Path directory, Map<String, Object> configuration, String text) {

    static TerraformModule parse(Path directory, Path... extraFiles) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> tf = new ArrayList<>(files.filter(f -> f.toString().endsWith(".tf")).sorted().toList());
            tf.addAll(List.of(extraFiles));
            StringBuilder text = new StringBuilder();
            for (Path file : tf) {
                String content = Files.readString(file);
                parseText(file.toString(), content);
                text.append(content).append('\n');
            }
            return new TerraformModule(directory, parseText(directory.toString(), text.toString()), text.toString());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseText(String source, String text) {
        try {
            return new HCLParser().parse(text);
        } catch (Exception ex) {
            throw new AssertionError(source + " does not parse as HCL: " + ex.getMessage(), ex);
        }
    }

    /** Resources of one type: name → body. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(String type) {
        Object resources = configuration.get("resource");
        if (!(resources instanceof Map<?, ?> byType) || !(byType.get(type) instanceof Map<?, ?> byName)) {
            return Map.of();
        }
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        byName.forEach((name, body) -> blocks(body).forEach(b -> result.put(String.valueOf(name), b)));
        return result;
    }

    /** The bodies of a block type directly under the root ("provider" → "aws" gives every aws provider block). */
    List<Map<String, Object>> blocks(String type, String label) {
        Object byLabel = configuration.get(type);
        return byLabel instanceof Map<?, ?> map ? blocks(map.get(label)) : List.of();
    }

    /** A root block type merged over all its occurrences (several files may each have a terraform { } block). */
    Map<String, Object> root(String key) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Map<String, Object> block : blocks(configuration.get(key))) {
            block.forEach((k, v) -> {
                if (merged.get(k) instanceof Map<?, ?> existing && v instanceof Map<?, ?> more) {
                    Map<String, Object> both = new LinkedHashMap<>(cast(existing));
                    both.putAll(cast(more));
                    merged.put(k, both);
                } else {
                    merged.put(k, v);
                }
            });
        }
        return merged;
    }

    /** A block written once is a map, written several times a list of maps; dynamic blocks are under "dynamic". */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> blocks(Object value) {
        if (value instanceof Map<?, ?> map) {
            return List.of((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
        }
        return List.of();
    }

    /** Static and dynamic blocks of a nested type ("tag" gives every tag { } and dynamic "tag" { content { } }). */
    static List<Map<String, Object>> nested(Map<String, Object> body, String type) {
        List<Map<String, Object>> all = new ArrayList<>(blocks(body.get(type)));
        for (Map<String, Object> dynamic : blocks(body.get("dynamic"))) {
            for (Map<String, Object> content : blocks(dynamic.get(type))) {
                all.addAll(blocks(content.get("content")));
            }
        }
        return all;
    }

    static Object path(Map<String, Object> body, String... keys) {
        Object current = body;
        for (String key : keys) {
            List<Map<String, Object>> found = current instanceof Map<?, ?> map ? nested(cast(map), key) : List.of();
            if (!found.isEmpty()) {
                current = found.getFirst();
            } else if (current instanceof Map<?, ?> map) {
                current = map.get(key);
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
