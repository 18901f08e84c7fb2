package com.cityexplorer.platform.security;

import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every service trusts exactly one kind of identity: the token the gateway signed for it (see
 * {@link InternalIdentity}). Requests without one are anonymous; identity headers a client made up
 * are ignored because nothing reads them. Health, metrics and API docs are open; dead letters are
 * for ADMIN; the service's own rules ({@link EndpointAccess}) come next; anything else needs a caller.
 */
@AutoConfiguration(beforeName = {
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, JwtDecoder.class })
@EnableConfigurationProperties(IdentitySettings.class)
public class PlatformSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    JwtDecoder internalIdentityDecoder(IdentitySettings settings, Environment environment) {
        if (settings.verificationKeys().isEmpty()) {
            throw new IllegalStateException("No key to verify caller identities: set CITY_EXPLORER_IDENTITY_VERIFICATION_KEYS "
                    + "(city-explorer.identity.verification-keys) to the gateway's public key");
        }
        List<JWK> keys = settings.verificationKeys().stream()
            .map(encoded -> (JWK) new ECKey.Builder(Curve.P_256, IdentityKeys.publicKey(encoded)).build())
            .toList();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(keys)))
            .jwsAlgorithm(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256)
            .build();
        String audience = environment.getRequiredProperty("spring.application.name");
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(settings.clockSkew()),
                new JwtIssuerValidator(InternalIdentity.ISSUER),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank())));
        return new VerifiedTokenCache(decoder, settings.clockSkew());
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain platformSecurity(HttpSecurity http, JwtDecoder decoder, ObjectProvider<EndpointAccess> endpointAccess,
            JsonMapper jsonMapper) throws Exception {
        SecurityProblems problems = new SecurityProblems(jsonMapper);
        http.csrf(csrf -> csrf.disable())
            .cors(cors -> cors.disable())
            .httpBasic(basic -> basic.disable())
            .formLogin(form -> form.disable())
            .logout(logout -> logout.disable())
            .requestCache(cache -> cache.disable())
            .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
            .oauth2ResourceServer(server -> server
                .bearerTokenResolver(new IdentityTokenResolver())
                .authenticationEntryPoint(problems)
                .accessDeniedHandler(problems)
                .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(token -> new JwtAuthenticationToken(token,
                        RoleAuthorities.of(CallerArgumentResolver.roles(token.getClaim(InternalIdentity.ROLES_CLAIM))),
                        token.getSubject()))))
            .authorizeHttpRequests(rules -> {
                rules.requestMatchers("/actuator/deadletters", "/actuator/deadletters/**").hasRole(Role.ADMIN.name())
                    .requestMatchers("/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/error").permitAll();
                endpointAccess.orderedStream().forEach(access -> access.declare(rules));
                rules.anyRequest().authenticated();
            });
        return http.build();
    }

    /** Spring Security's firewall, its header check without a regular expression ({@link HeaderValueCheck}). */
    @Bean
    @ConditionalOnMissingBean(HttpFirewall.class)
    HttpFirewall platformFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(new HeaderValueCheck());
        return firewall;
    }

    /**
     * Authorisations are observed (a timer, and a span in the request's trace); the security filters one by one are
     * not (a timer and two span events per filter, about fifteen per request, for detail nobody reads; the request
     * itself is observed by Spring MVC), and neither are authentications. Here an authentication is a cache lookup of
     * a token the gateway signed and this service has verified before; its timer and span cost more than the lookup
     * (about 6 % of place-service's CPU per signed-in read, docs/performance.md). What matters about them, the
     * failures, is counted by {@link AuthenticationFailures}.
     */
    @Bean
    @ConditionalOnMissingBean(SecurityObservationSettings.class)
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).shouldObserveAuthentications(false).build();
    }

    @Bean
    AuthenticationFailures authenticationFailures(ObjectProvider<MeterRegistry> meters) {
        return new AuthenticationFailures(meters);
    }

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }
}
