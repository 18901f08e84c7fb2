package com.cityexplorer.platform.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Counts the identity tokens this service refused ({@code ce.security.authentication.failures}, tagged with the
 * reason): a token the gateway signed is never refused, so any count here is a forged or stale token from inside
 * the network, or gateways and services disagreeing about the keys. Authentications are not observed one by one
 * ({@link PlatformSecurityAutoConfiguration#securityObservationSettings()}); Spring Security announces each failure as
 * an event, which is all this needs.
 * <p>
 * The usual reason's counter exists from the start, at zero: a counter that first appears at 1 has no earlier sample,
 * so Prometheus's {@code rate()} (and the {@code IdentityTokensRefused} alert) would not count the first refusal.
 */
class AuthenticationFailures implements ApplicationListener<AbstractAuthenticationFailureEvent>, SmartInitializingSingleton {

    static final String METER = "ce.security.authentication.failures";

    private final ObjectProvider<MeterRegistry> meters;

    AuthenticationFailures(ObjectProvider<MeterRegistry> meters) {
        this.meters = meters;
    }

    /** A token with a bad signature, issuer or audience, or expired: what a key rotation done out of order gives. */
    @Override
    public void afterSingletonsInstantiated() {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            counter(registry, InvalidBearerTokenException.class);
        }
    }

    @Override
    public void onApplicationEvent(AbstractAuthenticationFailureEvent event) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            counter(registry, event.getException().getClass()).increment();
        }
    }

    private static Counter counter(MeterRegistry registry, Class<? extends Exception> reason) {
        return Counter.builder(METER)
            .tag("reason", reason.getSimpleName())
            .description("Identity tokens this service refused")
            .register(registry);
    }
}
