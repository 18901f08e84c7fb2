package com.cityexplorer.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether an object is what its kind says. fabric8's model accepts any field (unknown ones land in
 * {@code additionalProperties}), so a misspelt or misplaced field would pass silently; this walks the parsed
 * object and reports every such field, as {@code kubectl apply --validate=strict} would. Custom resources have no
 * model here: their kinds must be among the operators' we deploy with (a misspelt built-in kind ends up there too).
 */
final class KubernetesTypes {

    /** apiVersion group → kinds of the operators and add-ons the platform relies on. */
    static final Map<String, Set<String>> CUSTOM_RESOURCES = Map.of(
            "monitoring.coreos.com", Set.of("ServiceMonitor", "PodMonitor", "PrometheusRule", "AlertmanagerConfig"),
            "keda.sh", Set.of("ScaledObject", "ScaledJob", "TriggerAuthentication"),
            "kafka.strimzi.io", Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser"),
            "security.istio.io", Set.of("PeerAuthentication", "AuthorizationPolicy", "RequestAuthentication"),
            "networking.istio.io", Set.of("DestinationRule", "VirtualService", "Gateway", "Sidecar"),
            "argoproj.io", Set.of("Application", "ApplicationSet", "AppProject"),
            "external-secrets.io", Set.of("ExternalSecret", "SecretStore"));

    private KubernetesTypes() {
    }

    static List<String> problems(HasMetadata object) {
        List<String> problems = new ArrayList<>();
        String name = object.getKind() + "/" + (object.getMetadata() == null ? "?" : object.getMetadata().getName());
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            problems.add(name + ": no metadata.name");
        }
        if (object instanceof GenericKubernetesResource) {
            String group = object.getApiVersion() == null || !object.getApiVersion().contains("/")
                    ? "" : object.getApiVersion().substring(0, object.getApiVersion().indexOf('/'));
            if (!CUSTOM_RESOURCES.getOrDefault(group, Set.of()).contains(object.getKind())) {
                problems.add(name + ": " + object.getApiVersion() + " " + object.getKind()
                        + " is neither a Kubernetes type nor a custom resource of an operator we deploy with");
            }
            return problems;
        }
        walk(object, name, problems);
        return problems;
    }

    private static void walk(Object value, String path, List<String> problems) {
        switch (value) {
            case null -> {
            }
            case Collection<?> items -> {
                int i = 0;
                for (Object item : items) {
                    walk(item, path + "[" + i++ + "]", problems);
                }
            }
            case Map<?, ?> map -> map.forEach((k, v) -> walk(v, path + "." + k, problems));
            default -> {
                if (value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
                    model(value, path, problems);
                }
            }
        }
    }

    private static void model(Object model, String path, List<String> problems) {
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(model);
            } catch (IllegalAccessException | InvocationTargetException ex) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + unknown.keySet());
                }
            } else {
                walk(value, path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4), problems);
            }
        }
    }
}
