package com.cityexplorer.platform.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;

/**
 * Counts the identity tokens this service refused ({@code ce.security.authentication.failures}, tagged with the
 * reason): a token the gateway signed is never refused, so any count here is a forged or stale token from inside
 * the network, or gateways and services disagreeing about the keys. Authentications are not observed one by one
 * ({@link PlatformSecurityAutoConfiguration#securityObservationSettings()}); Spring Security announces each failure as
 * an event, which is all this needs.
 */
class AuthenticationFailures implements ApplicationListener<AbstractAuthenticationFailureEvent> {

    static final String METER = "ce.security.authentication.failures";

    private final ObjectProvider<MeterRegistry> meters;

    AuthenticationFailures(ObjectProvider<MeterRegistry> meters) {
        this.meters = meters;
    }

    @Override
    public void onApplicationEvent(AbstractAuthenticationFailureEvent event) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            Counter.builder(METER)
                .tag("reason", event.getException().getClass().getSimpleName())
                .description("Identity tokens this service refused")
                .register(registry)
                .increment();
        }
    }
}
