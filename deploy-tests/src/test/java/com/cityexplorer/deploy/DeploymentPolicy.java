package com.cityexplorer.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Our rules for what may be deployed (docs/operations.md, "Deployment rules"), checked on rendered manifests. Each
 * violation names its rule, so a test can show that a deliberately broken manifest is caught by the rule it breaks.
 */
final class DeploymentPolicy {

    enum Rule {
        PROBES, RESOURCES, SECURITY_CONTEXT, DISRUPTION_BUDGET, AUTOSCALER, IMAGE_TAG, SERVICE_SELECTOR,
        NETWORK_POLICY_SELECTOR, AUTHORIZATION_POLICY_SELECTOR, ROLLING_UPDATE
    }

    record Violation(Rule rule, String object, String message) {
        @Override
        public String toString() {
            return rule + " " + object + ": " + message;
        }
    }

    static final Quantity CPU_REQUEST = new Quantity("250m");
    static final Quantity MEMORY_REQUEST = new Quantity("256Mi");
    static final Quantity CPU_LIMIT = new Quantity("500m");
    static final Quantity MEMORY_LIMIT = new Quantity("512Mi");
    static final int MIN_REPLICAS = 3;
    static final int MAX_REPLICAS = 20;
    static final Set<String> CUSTOM_METRICS = Set.of("http_server_requests_per_second", "http_server_requests_p95_seconds");

    private final Manifests manifests;
    private final String namespace;
    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, Map<String, String>> podLabels = new HashMap<>();

    private DeploymentPolicy(Manifests manifests, String namespace) {
        this.manifests = manifests;
        this.namespace = namespace;
        manifests.podTemplates().forEach((workload, template) -> podLabels.put(workload, labels(template)));
        // Pods that operators create from the custom resources we render (Strimzi labels every pod of a cluster).
        for (HasMetadata kafka : manifests.kind("kafka.strimzi.io/", "Kafka")) {
            podLabels.put("Kafka/" + kafka.getMetadata().getName(), Map.of("strimzi.io/cluster", kafka.getMetadata().getName(),
                    "strimzi.io/kind", "Kafka", "strimzi.io/name", kafka.getMetadata().getName() + "-kafka"));
        }
    }

    static List<Violation> check(Manifests manifests, String namespace) {
        DeploymentPolicy policy = new DeploymentPolicy(manifests, namespace);
        policy.checkWorkloads();
        policy.checkDeployments();
        policy.checkServices();
        policy.checkNetworkPolicies();
        policy.checkAuthorizationPolicies();
        return List.copyOf(policy.violations);
    }

    private void checkWorkloads() {
        manifests.podTemplates().forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            boolean podNonRoot = pod.getSecurityContext() != null && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot());
            for (Container container : containers(pod)) {
                String where = workload + " container " + container.getName();
                String image = container.getImage();
                if (image == null || !hasPinnedTag(image)) {
                    violate(Rule.IMAGE_TAG, where, "image " + image + " has no explicit tag (or uses latest)");
                }
                var resources = container.getResources();
                if (resources == null || !hasBoth(resources.getRequests()) || !hasBoth(resources.getLimits())) {
                    violate(Rule.RESOURCES, where, "needs cpu and memory requests and limits");
                }
                SecurityContext security = container.getSecurityContext();
                boolean nonRoot = podNonRoot || security != null && Boolean.TRUE.equals(security.getRunAsNonRoot());
                if (security == null || !nonRoot || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())
                        || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()) || security.getCapabilities() == null
                        || security.getCapabilities().getDrop() == null || !security.getCapabilities().getDrop().contains("ALL")) {
                    violate(Rule.SECURITY_CONTEXT, where,
                            "must run as non-root, read-only root file system, no privilege escalation, all capabilities dropped");
                }
            }
        });
    }

    private void checkDeployments() {
        List<HorizontalPodAutoscaler> hpas = manifests.all(HorizontalPodAutoscaler.class);
        List<HasMetadata> scaledObjects = manifests.kind("keda.sh/", "ScaledObject");
        List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class);
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = "Deployment/" + deployment.getMetadata().getName();
            PodTemplateSpec template = deployment.getSpec().getTemplate();
            Map<String, String> labels = labels(template);
            for (Container container : template.getSpec().getContainers()) {
                String where = name + " container " + container.getName();
                if (container.getStartupProbe() == null || container.getReadinessProbe() == null || container.getLivenessProbe() == null) {
                    violate(Rule.PROBES, where, "needs startup, readiness and liveness probes");
                }
                var resources = container.getResources();
                if (resources != null && resources.getRequests() != null && resources.getLimits() != null
                        && !(same(resources.getRequests().get("cpu"), CPU_REQUEST) && same(resources.getRequests().get("memory"), MEMORY_REQUEST)
                        && same(resources.getLimits().get("cpu"), CPU_LIMIT) && same(resources.getLimits().get("memory"), MEMORY_LIMIT))) {
                    violate(Rule.RESOURCES, where, "requests must be 250m/256Mi and limits 500m/512Mi, not "
                            + resources.getRequests() + " / " + resources.getLimits());
                }
            }
            var strategy = deployment.getSpec().getStrategy();
            if (strategy == null || strategy.getRollingUpdate() == null || strategy.getRollingUpdate().getMaxUnavailable() == null
                    || !"0".equals(String.valueOf(strategy.getRollingUpdate().getMaxUnavailable().getValue()))) {
                violate(Rule.ROLLING_UPDATE, name, "rolling updates must never drop below the desired count (maxUnavailable 0)");
            }
            if ("canary".equals(labels.get("version"))) {
                continue; // a temporary release candidate beside the stable pods: no autoscaler or budget of its own
            }
            if (budgets.stream().noneMatch(pdb -> matches(pdb.getSpec().getSelector(), labels))) {
                violate(Rule.DISRUPTION_BUDGET, name, "no PodDisruptionBudget selects its pods");
            }
            String target = deployment.getMetadata().getName();
            List<HorizontalPodAutoscaler> myHpas = hpas.stream().filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                    && target.equals(h.getSpec().getScaleTargetRef().getName())).toList();
            List<HasMetadata> myScaledObjects = scaledObjects.stream().filter(s -> target.equals(scaleTarget(s))).toList();
            if (myHpas.size() + myScaledObjects.size() != 1) {
                violate(Rule.AUTOSCALER, name, "needs exactly one autoscaler (HPA or KEDA ScaledObject), has "
                        + (myHpas.size() + myScaledObjects.size()));
            }
            myHpas.forEach(hpa -> checkHpa(name, hpa));
            myScaledObjects.forEach(scaledObject -> checkScaledObject(name, scaledObject));
        }
        Set<String> deployments = new HashSet<>(manifests.all(Deployment.class).stream().map(d -> d.getMetadata().getName()).toList());
        hpas.stream().filter(h -> !deployments.contains(h.getSpec().getScaleTargetRef().getName()))
                .forEach(h -> violate(Rule.AUTOSCALER, "HorizontalPodAutoscaler/" + h.getMetadata().getName(), "targets no rendered Deployment"));
        scaledObjects.stream().filter(s -> !deployments.contains(scaleTarget(s)))
                .forEach(s -> violate(Rule.AUTOSCALER, "ScaledObject/" + s.getMetadata().getName(), "targets no rendered Deployment"));
    }

    private void checkHpa(String deployment, HorizontalPodAutoscaler hpa) {
        var spec = hpa.getSpec();
        Map<String, Integer> resources = new HashMap<>();
        Set<String> podMetrics = new HashSet<>();
        for (MetricSpec metric : spec.getMetrics() == null ? List.<MetricSpec>of() : spec.getMetrics()) {
            if (metric.getResource() != null && metric.getResource().getTarget() != null) {
                resources.put(metric.getResource().getName(), metric.getResource().getTarget().getAverageUtilization());
            }
            if (metric.getPods() != null) {
                podMetrics.add(metric.getPods().getMetric().getName());
            }
        }
        checkScaling(deployment, spec.getMinReplicas(), spec.getMaxReplicas(), resources.get("cpu"), resources.get("memory"),
                podMetrics, spec.getBehavior() != null && spec.getBehavior().getScaleDown() != null
                        && spec.getBehavior().getScaleDown().getStabilizationWindowSeconds() != null
                        && spec.getBehavior().getScaleDown().getStabilizationWindowSeconds() >= 300);
    }

    @SuppressWarnings("unchecked")
    private void checkScaledObject(String deployment, HasMetadata scaledObject) {
        Map<String, Object> spec = (Map<String, Object>) ((GenericKubernetesResource) scaledObject).getAdditionalProperties().get("spec");
        Map<String, Integer> resources = new HashMap<>();
        Set<String> metrics = new HashSet<>();
        for (Map<String, Object> trigger : (List<Map<String, Object>>) spec.getOrDefault("triggers", List.of())) {
            Map<String, Object> metadata = (Map<String, Object>) trigger.getOrDefault("metadata", Map.of());
            String type = String.valueOf(trigger.get("type"));
            if ((type.equals("cpu") || type.equals("memory")) && "Utilization".equals(trigger.get("metricType"))) {
                resources.put(type, Integer.valueOf(String.valueOf(metadata.get("value"))));
            }
            if (trigger.get("name") != null) {
                metrics.add(String.valueOf(trigger.get("name")));
            }
        }
        Object scaleDownWindow = path(spec, "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown", "stabilizationWindowSeconds");
        checkScaling(deployment, (Integer) spec.get("minReplicaCount"), (Integer) spec.get("maxReplicaCount"), resources.get("cpu"),
                resources.get("memory"), metrics, scaleDownWindow instanceof Integer window && window >= 300);
    }

    private void checkScaling(String deployment, Integer min, Integer max, Integer cpu, Integer memory, Set<String> metrics,
            boolean dampedScaleDown) {
        if (min == null || min < MIN_REPLICAS || !Objects.equals(max, MAX_REPLICAS) || !Objects.equals(cpu, 70)
                || !Objects.equals(memory, 80) || !metrics.containsAll(CUSTOM_METRICS) || !dampedScaleDown) {
            violate(Rule.AUTOSCALER, deployment, "autoscaler must scale " + MIN_REPLICAS + " (at least) to " + MAX_REPLICAS
                    + " on cpu 70%, memory 80%, " + CUSTOM_METRICS + ", with a scale-down stabilisation window of 5 min or more; has min "
                    + min + " max " + max + " cpu " + cpu + " memory " + memory + " metrics " + metrics);
        }
    }

    private void checkServices() {
        for (Service service : manifests.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                violate(Rule.SERVICE_SELECTOR, "Service/" + service.getMetadata().getName(), "has no selector");
            } else if (podLabels.values().stream().noneMatch(labels -> labels.entrySet().containsAll(selector.entrySet()))) {
                violate(Rule.SERVICE_SELECTOR, "Service/" + service.getMetadata().getName(), "selects no rendered workload: " + selector);
            }
        }
    }

    private void checkNetworkPolicies() {
        for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
            String name = "NetworkPolicy/" + policy.getMetadata().getName();
            checkSelects(Rule.NETWORK_POLICY_SELECTOR, name, "podSelector", policy.getSpec().getPodSelector());
            Stream<NetworkPolicyPeer> peers = Stream.concat(
                    policy.getSpec().getIngress() == null ? Stream.empty() : policy.getSpec().getIngress().stream().flatMap(r -> nullSafe(r.getFrom())),
                    policy.getSpec().getEgress() == null ? Stream.empty() : policy.getSpec().getEgress().stream().flatMap(r -> nullSafe(r.getTo())));
            peers.filter(peer -> peer.getPodSelector() != null && peer.getNamespaceSelector() == null)
                    .forEach(peer -> checkSelects(Rule.NETWORK_POLICY_SELECTOR, name, "peer podSelector", peer.getPodSelector()));
        }
    }

    @SuppressWarnings("unchecked")
    private void checkAuthorizationPolicies() {
        Set<String> serviceAccounts = new HashSet<>(manifests.all(ServiceAccount.class).stream().map(sa -> sa.getMetadata().getName()).toList());
        for (HasMetadata policy : manifests.kind("security.istio.io/", "AuthorizationPolicy")) {
            String name = "AuthorizationPolicy/" + policy.getMetadata().getName();
            Map<String, Object> spec = (Map<String, Object>) ((GenericKubernetesResource) policy).getAdditionalProperties().getOrDefault("spec", Map.of());
            Object matchLabels = path(spec, "selector", "matchLabels");
            if (matchLabels instanceof Map<?, ?> labels) {
                checkSelects(Rule.AUTHORIZATION_POLICY_SELECTOR, name, "selector",
                        new LabelSelector(null, (Map<String, String>) labels));
            }
            for (Map<String, Object> rule : (List<Map<String, Object>>) spec.getOrDefault("rules", List.of())) {
                for (Map<String, Object> from : (List<Map<String, Object>>) rule.getOrDefault("from", List.of())) {
                    for (Object principal : (Collection<Object>) ((Map<String, Object>) from.getOrDefault("source", Map.of())).getOrDefault("principals", List.of())) {
                        String prefix = "cluster.local/ns/" + namespace + "/sa/";
                        if (principal.toString().startsWith(prefix) && !serviceAccounts.contains(principal.toString().substring(prefix.length()))) {
                            violate(Rule.AUTHORIZATION_POLICY_SELECTOR, name, "principal " + principal + " is no rendered ServiceAccount");
                        }
                    }
                }
            }
        }
    }

    private void checkSelects(Rule rule, String object, String what, LabelSelector selector) {
        boolean empty = selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty();
        empty &= selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty();
        if (!empty && podLabels.values().stream().noneMatch(labels -> matches(selector, labels))) {
            violate(rule, object, what + " selects no rendered workload: " + selector.getMatchLabels() + " " + selector.getMatchExpressions());
        }
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of() : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean hasPinnedTag(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastSegment.indexOf(':');
        return colon > 0 && colon < lastSegment.length() - 1 && !lastSegment.substring(colon + 1).equals("latest");
    }

    private static boolean hasBoth(Map<String, Quantity> quantities) {
        return quantities != null && quantities.containsKey("cpu") && quantities.containsKey("memory");
    }

    private static boolean same(Quantity actual, Quantity expected) {
        return actual != null && actual.getNumericalAmount().compareTo(expected.getNumericalAmount()) == 0;
    }

    private static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        return all;
    }

    private static Map<String, String> labels(PodTemplateSpec template) {
        return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels();
    }

    @SuppressWarnings("unchecked")
    private static String scaleTarget(HasMetadata scaledObject) {
        Map<String, Object> spec = (Map<String, Object>) ((GenericKubernetesResource) scaledObject).getAdditionalProperties().get("spec");
        Object kind = path(spec, "scaleTargetRef", "kind");
        return kind == null || "Deployment".equals(kind) ? String.valueOf(path(spec, "scaleTargetRef", "name")) : null;
    }

    private static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    private static <T> Stream<T> nullSafe(List<T> list) {
        return list == null ? Stream.empty() : list.stream();
    }

    private void violate(Rule rule, String object, String message) {
        violations.add(new Violation(rule, object, message));
    }
}
