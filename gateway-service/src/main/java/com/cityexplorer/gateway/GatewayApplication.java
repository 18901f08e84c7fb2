package com.cityexplorer.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import com.cityexplorer.gateway.routing.EventLoopCount;

/** The one REST entry point of City Explorer: routes the public API to the owning services. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        EventLoopCount.defaultToProcessors(System.getProperties(), Runtime.getRuntime().availableProcessors());
        SpringApplication.run(GatewayApplication.class, args);
    }
}
