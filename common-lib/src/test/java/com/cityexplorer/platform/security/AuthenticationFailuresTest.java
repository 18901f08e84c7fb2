package com.cityexplorer.platform.security;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationFailuresTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AuthenticationFailures failures = new AuthenticationFailures(
            new StaticListableBeanFactory(Map.of("meters", meters)).getBeanProvider(MeterRegistry.class));

    @Test
    void theUsualReasonIsCountedFromZeroBeforeAnyRefusal() {
        failures.afterSingletonsInstantiated();

        assertThat(refused("InvalidBearerTokenException")).as("present at start, so rate() sees the first refusal")
            .isNotNull()
            .extracting(Counter::count).isEqualTo(0.0);
    }

    @Test
    void eachRefusalIsCountedUnderItsReason() {
        failures.afterSingletonsInstantiated();
        TestingAuthenticationToken token = new TestingAuthenticationToken("forged", "token");

        failures.onApplicationEvent(new AuthenticationFailureBadCredentialsEvent(token, new InvalidBearerTokenException("bad signature")));
        failures.onApplicationEvent(new AuthenticationFailureBadCredentialsEvent(token, new InvalidBearerTokenException("expired")));
        failures.onApplicationEvent(new AuthenticationFailureServiceExceptionEvent(token, new AuthenticationServiceException("no key")));

        assertThat(refused("InvalidBearerTokenException").count()).isEqualTo(2.0);
        assertThat(refused("AuthenticationServiceException").count()).isEqualTo(1.0);
    }

    private Counter refused(String reason) {
        return meters.find(AuthenticationFailures.METER).tag("reason", reason).counter();
    }
}
