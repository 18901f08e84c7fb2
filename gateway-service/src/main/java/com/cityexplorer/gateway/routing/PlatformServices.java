package com.cityexplorer.gateway.routing;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The services behind the gateway, by short name ({@code place}) and load-balancer id
 * ({@code place-service}). Their API routes are in application.yml; their docs and health routes are
 * derived from this list by {@link ServiceRoutes}.
 */
@ConfigurationProperties("city-explorer.gateway")
public record PlatformServices(List<String> services) {

    public PlatformServices {
        services = services == null ? List.of() : List.copyOf(services);
    }

    public static String serviceId(String name) {
        return name + "-service";
    }
}
