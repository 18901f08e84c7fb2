package com.cityexplorer.devstack;

import java.util.List;

/** One application of the platform as the launcher knows it: its jar name and default port. */
record PlatformComponent(String name, int defaultPort) {

    static final PlatformComponent GATEWAY = new PlatformComponent("gateway", 8080);

    static final List<PlatformComponent> SERVICES = List.of(
            new PlatformComponent("user", 8081),
            new PlatformComponent("city", 8082),
            new PlatformComponent("place", 8083),
            new PlatformComponent("itinerary", 8084),
            new PlatformComponent("review", 8085),
            new PlatformComponent("affiliate", 8086));

    String serviceId() {
        return name + "-service";
    }

    boolean isGateway() {
        return this.equals(GATEWAY);
    }
}
