package com.cityexplorer.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's access rules, declared per endpoint in one place (its {@code ...EndpointAccess} bean).
 * The platform applies them between its own rules (health, metrics and API docs open; dead letters
 * for ADMIN) and its default: every other request needs a verified caller.
 * <pre>{@code
 * @Bean
 * EndpointAccess cityEndpoints() {
 *     return rules -> rules
 *         .requestMatchers(HttpMethod.GET, "/api/v1/cities/**").permitAll()
 *         .requestMatchers("/api/v1/cities/**").hasRole("ADMIN");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface EndpointAccess {

    void declare(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
