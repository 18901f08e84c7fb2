package com.cityexplorer.deploy.terraform;

import static com.cityexplorer.deploy.terraform.TerraformModule.nested;
import static com.cityexplorer.deploy.terraform.TerraformModule.path;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Our rules for the cloud configuration (terraform/README.md, "Rules"), checked on parsed modules. Each violation names
 * its rule, so a broken fixture shows the rule it breaks is the one that catches it.
 */
final class CloudPolicy {

    enum Rule {
        LAUNCH_TEMPLATE, SCALING_POLICIES, TAGS, ENCRYPTION, OPEN_INGRESS, SECRETS, REMOTE_STATE
    }

    record Violation(Rule rule, String where, String message) {
        @Override
        public String toString() {
            return rule + " " + where + ": " + message;
        }
    }

    static final Set<String> REQUIRED_TAGS = Set.of("Project", "Environment", "ManagedBy");
    static final Set<String> OPEN = Set.of("0.0.0.0/0", "::/0");
    private static final Pattern LOAD_BALANCER_NAME = Pattern.compile("(^|_)(alb|lb|load_balancer)(_|$)");
    private static final List<Pattern> SECRET_PATTERNS = List.of(
            Pattern.compile("(?i)\\b[a-z_]*(password|passwd|secret|token|api_key|private_key)\\s*=\\s*\"(?!\\$\\{)[^\"]{6,}\""),
            Pattern.compile("AKIA[0-9A-Z]{16}"),
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

    private final TerraformModule module;
    private final List<Violation> violations = new ArrayList<>();

    private CloudPolicy(TerraformModule module) {
        this.module = module;
    }

    /**
     * The rules for a module. {@code root}: a configuration that is applied (an environment, the state bootstrap), which
     * configures providers; {@code remoteState}: one whose state must be remote (every environment).
     */
    static List<Violation> check(TerraformModule module, boolean root, boolean remoteState) {
        CloudPolicy policy = new CloudPolicy(module);
        policy.autoscalingGroups();
        policy.tags(root);
        policy.encryption();
        policy.openIngress();
        policy.secrets();
        if (remoteState) {
            policy.remoteState();
        }
        return List.copyOf(policy.violations);
    }

    private void autoscalingGroups() {
        if (!module.resources("aws_launch_configuration").isEmpty()) {
            violate(Rule.LAUNCH_TEMPLATE, "aws_launch_configuration", "launch configurations are deprecated: use a launch template");
        }
        Map<String, Map<String, Object>> policies = module.resources("aws_autoscaling_policy");
        module.resources("aws_autoscaling_group").forEach((name, asg) -> {
            String where = "aws_autoscaling_group." + name;
            boolean launchTemplate = !nested(asg, "launch_template").isEmpty() || path(asg, "mixed_instances_policy", "launch_template") != null;
            if (!launchTemplate || asg.containsKey("launch_configuration")) {
                violate(Rule.LAUNCH_TEMPLATE, where, "must start instances from a launch template");
            }
            String reference = "aws_autoscaling_group." + name + ".";
            List<Map<String, Object>> mine = policies.values().stream()
                    .filter(p -> String.valueOf(p.get("autoscaling_group_name")).startsWith(reference)).toList();
            List<String> missing = new ArrayList<>();
            if (mine.stream().noneMatch(p -> targetTracking(p, "ASGAverageCPUUtilization"))) {
                missing.add("target tracking on CPU");
            }
            if (mine.stream().noneMatch(p -> targetTracking(p, "ALBRequestCountPerTarget"))) {
                missing.add("target tracking on load-balancer requests per target");
            }
            if (mine.stream().noneMatch(p -> "PredictiveScaling".equals(p.get("policy_type")))) {
                missing.add("predictive scaling");
            }
            if (module.resources("aws_autoscaling_schedule").values().stream()
                    .noneMatch(s -> String.valueOf(s.get("autoscaling_group_name")).startsWith(reference))) {
                missing.add("scheduled actions");
            }
            if (nested(asg, "warm_pool").isEmpty()) {
                missing.add("a warm pool");
            }
            if (nested(asg, "instance_refresh").isEmpty()) {
                missing.add("instance refresh");
            }
            if (!"ELB".equals(asg.get("health_check_type"))) {
                missing.add("load-balancer health checks");
            }
            if (!missing.isEmpty()) {
                violate(Rule.SCALING_POLICIES, where, "lacks " + String.join(", ", missing));
            }
            if (nested(asg, "tag").stream().noneMatch(tag -> Boolean.TRUE.equals(tag.get("propagate_at_launch")))) {
                violate(Rule.TAGS, where, "must propagate its tags to the instances it launches");
            }
        });
    }

    private static boolean targetTracking(Map<String, Object> policy, String metric) {
        return "TargetTrackingScaling".equals(policy.get("policy_type"))
                && metric.equals(path(policy, "target_tracking_configuration", "predefined_metric_specification", "predefined_metric_type"));
    }

    private void tags(boolean root) {
        List<Map<String, Object>> providers = module.blocks("provider", "aws");
        if (root && providers.isEmpty()) {
            violate(Rule.TAGS, module.directory().toString(), "configures no aws provider (and so no default tags)");
        }
        for (Map<String, Object> provider : providers) {
            Object tags = path(provider, "default_tags", "tags");
            String where = "provider aws" + (provider.get("alias") == null ? "" : " (" + provider.get("alias") + ")");
            if (!(tags instanceof Map<?, ?> map) || !map.keySet().containsAll(REQUIRED_TAGS)) {
                if (!(tags instanceof String)) { // an expression (merge(...)) hcl4j cannot evaluate: checked in the text below
                    violate(Rule.TAGS, where, "default_tags must set " + REQUIRED_TAGS);
                }
            }
        }
    }

    private void encryption() {
        module.resources("aws_elasticache_replication_group").forEach((name, group) -> {
            if (!Boolean.TRUE.equals(group.get("at_rest_encryption_enabled")) || !Boolean.TRUE.equals(group.get("transit_encryption_enabled"))) {
                violate(Rule.ENCRYPTION, "aws_elasticache_replication_group." + name, "needs encryption at rest and in transit");
            }
        });
        module.resources("aws_msk_cluster").forEach((name, cluster) -> {
            if (!"TLS".equals(path(cluster, "encryption_info", "encryption_in_transit", "client_broker"))
                    || !Boolean.TRUE.equals(path(cluster, "encryption_info", "encryption_in_transit", "in_cluster"))
                    || path(cluster, "encryption_info", "encryption_at_rest_kms_key_arn") == null) {
                violate(Rule.ENCRYPTION, "aws_msk_cluster." + name, "needs TLS between clients and brokers and within the cluster, and a KMS key at rest");
            }
        });
        requireTrue("aws_docdb_cluster", "storage_encrypted");
        requireTrue("aws_ebs_volume", "encrypted");
        requireTrue("aws_efs_file_system", "encrypted");
        module.resources("aws_launch_template").forEach((name, template) -> {
            List<Map<String, Object>> devices = nested(template, "block_device_mappings");
            if (devices.isEmpty() || devices.stream().anyMatch(d -> !Boolean.TRUE.equals(path(d, "ebs", "encrypted")))) {
                violate(Rule.ENCRYPTION, "aws_launch_template." + name, "every volume must be encrypted (block_device_mappings ebs encrypted)");
            }
        });
        module.resources("aws_eks_cluster").forEach((name, cluster) -> {
            if (nested(cluster, "encryption_config").isEmpty()) {
                violate(Rule.ENCRYPTION, "aws_eks_cluster." + name, "Kubernetes secrets must be encrypted with a KMS key (encryption_config)");
            }
        });
        int buckets = module.resources("aws_s3_bucket").size();
        if (buckets > 0 && (module.resources("aws_s3_bucket_server_side_encryption_configuration").size() < buckets
                || module.resources("aws_s3_bucket_public_access_block").size() < buckets || !module.text().contains("aws:SecureTransport"))) {
            violate(Rule.ENCRYPTION, module.directory().toString(), "every bucket needs server-side encryption, a public access block and a TLS-only policy");
        }
        module.resources("aws_lb_listener").forEach((name, listener) -> {
            boolean https = "HTTPS".equals(listener.get("protocol")) && listener.get("ssl_policy") != null;
            boolean redirect = nested(listener, "default_action").stream().allMatch(a -> "redirect".equals(a.get("type")));
            if (!https && !redirect) {
                violate(Rule.ENCRYPTION, "aws_lb_listener." + name, "listeners serve HTTPS with a TLS policy, or only redirect to it");
            }
        });
        module.resources("aws_cloudfront_distribution").forEach((name, distribution) -> {
            List<Map<String, Object>> behaviours = new ArrayList<>(nested(distribution, "default_cache_behavior"));
            behaviours.addAll(nested(distribution, "ordered_cache_behavior"));
            Object minimum = path(distribution, "viewer_certificate", "minimum_protocol_version");
            if (behaviours.stream().anyMatch(b -> !Set.of("redirect-to-https", "https-only").contains(String.valueOf(b.get("viewer_protocol_policy"))))
                    || minimum == null || !String.valueOf(minimum).startsWith("TLSv1.2")) {
                violate(Rule.ENCRYPTION, "aws_cloudfront_distribution." + name, "viewers must use HTTPS, TLS 1.2 or newer");
            }
        });
    }

    private void requireTrue(String type, String attribute) {
        module.resources(type).forEach((name, body) -> {
            if (!Boolean.TRUE.equals(body.get(attribute))) {
                violate(Rule.ENCRYPTION, type + "." + name, attribute + " must be true");
            }
        });
    }

    private void openIngress() {
        module.resources("aws_security_group").forEach((name, group) -> nested(group, "ingress").forEach(rule -> {
            if (open(rule.get("cidr_blocks")) || open(rule.get("ipv6_cidr_blocks"))) {
                allowOnlyOnLoadBalancer("aws_security_group." + name, name);
            }
        }));
        module.resources("aws_security_group_rule").forEach((name, rule) -> {
            if ("ingress".equals(rule.get("type")) && (open(rule.get("cidr_blocks")) || open(rule.get("ipv6_cidr_blocks")))) {
                allowOnlyOnLoadBalancer("aws_security_group_rule." + name, name + " " + rule.get("security_group_id"));
            }
        });
        module.resources("aws_vpc_security_group_ingress_rule").forEach((name, rule) -> {
            if (open(rule.get("cidr_ipv4")) || open(rule.get("cidr_ipv6"))) {
                allowOnlyOnLoadBalancer("aws_vpc_security_group_ingress_rule." + name, name + " " + rule.get("security_group_id"));
            }
        });
    }

    private void allowOnlyOnLoadBalancer(String where, String names) {
        boolean loadBalancer = Set.of(names.split("[ .]")).stream().anyMatch(n -> LOAD_BALANCER_NAME.matcher(n).find());
        if (!loadBalancer) {
            violate(Rule.OPEN_INGRESS, where, "only the load balancer may be open to the internet");
        }
    }

    private static boolean open(Object cidrs) {
        if (cidrs instanceof Collection<?> list) {
            return list.stream().anyMatch(c -> OPEN.contains(String.valueOf(c)));
        }
        return cidrs != null && OPEN.contains(String.valueOf(cidrs));
    }

    private void secrets() {
        for (Pattern pattern : SECRET_PATTERNS) {
            var matcher = pattern.matcher(module.text());
            while (matcher.find()) {
                violate(Rule.SECRETS, module.directory().toString(), "looks like a secret in the configuration: " + matcher.group().replaceAll("\"[^\"]*\"$", "\"…\""));
            }
        }
        Object variables = module.configuration().get("variable");
        if (variables instanceof Map<?, ?> byName) {
            byName.forEach((name, body) -> TerraformModule.blocks(body).forEach(variable -> {
                if (Boolean.TRUE.equals(variable.get("sensitive")) && variable.get("default") != null
                        && !String.valueOf(variable.get("default")).isEmpty()) {
                    violate(Rule.SECRETS, "variable." + name, "a sensitive variable must not have a default value");
                }
            }));
        }
    }

    private void remoteState() {
        Object backends = path(module.root("terraform"), "backend");
        if (!(backends instanceof Map<?, ?> map) || map.size() != 1 || !map.containsKey("s3")) {
            violate(Rule.REMOTE_STATE, module.directory().toString(), "state must be kept in S3 (one backend \"s3\" block), not " + backends);
        }
    }

    private void violate(Rule rule, String where, String message) {
        violations.add(new Violation(rule, where, message));
    }
}
