package com.cityexplorer.platform.openapi;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Names each service's OpenAPI document and points "try it out" at the gateway (the document is read
 * through it), since clients never call a service directly.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class PlatformOpenApiAutoConfiguration {

    static {
        // The caller comes from the verified identity token, not from the request: not an API parameter.
        org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(com.cityexplorer.platform.security.Caller.class);
    }

    @Bean
    OpenApiCustomizer platformOpenApiCustomizer(@Value("${spring.application.name}") String applicationName,
            @Value("${city-explorer.openapi.version:v1}") String version,
            @Value("${city-explorer.openapi.attribution:}") String attribution) {
        return openApi -> describe(openApi, applicationName, version, attribution);
    }

    private static void describe(OpenAPI openApi, String applicationName, String version, String attribution) {
        openApi.info(new Info()
            .title("City Explorer " + applicationName)
            .version(version)
            .description("Part of the City Explorer public API, served through the gateway. "
                    + "Errors are RFC 9457 application/problem+json." + (attribution.isBlank() ? "" : " " + attribution))
            .license(new License().name("Apache-2.0")));
        openApi.servers(List.of(new Server().url("/").description("The City Explorer gateway")));
        // Signed-in calls carry the session token from POST /api/v1/sessions; open endpoints say so themselves.
        openApi.schemaRequirement("bearer", new io.swagger.v3.oas.models.security.SecurityScheme()
            .type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .description("The token from POST /api/v1/sessions"));
        openApi.addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement().addList("bearer"));
    }
}
