package com.cityexplorer.gateway.routing;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Per-service routes that are the same for every service, generated rather than written six times:
 * its OpenAPI document at {@code /v3/api-docs/{name}} (for the gateway's Swagger UI) and its health
 * probes at {@code /services/{name}/health[/liveness|/readiness]}. Nothing else of a service's
 * actuator (metrics, for example) is reachable through the gateway.
 */
@Configuration(proxyBeanMethods = false)
class ServiceRoutes {

    @Bean
    RouteLocator serviceDocsAndHealthRoutes(RouteLocatorBuilder builder, PlatformServices platformServices) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        for (String name : platformServices.services()) {
            String serviceId = PlatformServices.serviceId(name);
            routes.route(name + "-api-docs", route -> route
                .path("/v3/api-docs/" + name, "/v3/api-docs/" + serviceId)
                .and().method("GET")
                .filters(filter -> filter.setPath("/v3/api-docs"))
                .uri("lb://" + serviceId));
            routes.route(name + "-health", route -> route
                .path("/services/" + name + "/health", "/services/" + name + "/health/liveness",
                        "/services/" + name + "/health/readiness")
                .and().method("GET")
                .filters(filter -> filter.rewritePath("^/services/" + name + "/health", "/actuator/health"))
                .uri("lb://" + serviceId));
        }
        return routes.build();
    }
}
