package com.cityexplorer.gateway.discovery;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration the Helm chart gives the gateway in the Istio mesh (profiles "kubernetes,mesh"): every routed
 * service is reached through its Kubernetes Service, so the sidecar can apply mTLS, authorization policies and the
 * canary weights; pod discovery and the Redis registry are off.
 */
class MeshProfileTest {

    @Test
    void everyRoutedServiceIsAddressedThroughItsKubernetesService() {
        Binder mesh = binderFor("kubernetes", "mesh");

        Set<String> routed = new TreeSet<>();
        mesh.bind("spring.cloud.gateway.server.webflux.routes", Bindable.listOf(Map.class)).get()
            .forEach(route -> {
                String uri = String.valueOf(route.get("uri"));
                if (uri.startsWith("lb://")) {
                    routed.add(uri.substring("lb://".length()));
                }
            });
        assertThat(routed).hasSize(6);
        for (String service : routed) {
            List<Map> instances = mesh.bind("spring.cloud.discovery.client.simple.instances." + service, Bindable.listOf(Map.class))
                .orElse(List.of());
            assertThat(instances).as(service).singleElement()
                .satisfies(instance -> assertThat(instance).containsEntry("uri", "http://" + service + ":8080"));
        }
        assertThat(mesh.bind("spring.cloud.kubernetes.discovery.enabled", Boolean.class).get()).isFalse();
        assertThat(mesh.bind("city-explorer.discovery.registry.enabled", Boolean.class).get()).isFalse();
    }

    @Test
    void outsideTheMeshTheGatewayDiscoversPods() {
        Binder kubernetes = binderFor("kubernetes");

        assertThat(kubernetes.bind("spring.cloud.kubernetes.discovery.enabled", Boolean.class).get()).isTrue();
        assertThat(kubernetes.bind("spring.cloud.discovery.client.simple.instances", Bindable.mapOf(String.class, List.class))
            .isBound()).isFalse();
    }

    private static Binder binderFor(String... profiles) {
        StandardEnvironment environment = new StandardEnvironment();
        ConfigDataEnvironmentPostProcessor.applyTo(environment, new DefaultResourceLoader(), new DefaultBootstrapContext(),
            List.of(profiles));
        return Binder.get(environment);
    }
}
