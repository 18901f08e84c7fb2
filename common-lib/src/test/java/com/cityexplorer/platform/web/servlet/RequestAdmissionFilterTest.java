package com.cityexplorer.platform.web.servlet;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests beyond the limit are refused at once with 503 and Retry-After; operator endpoints are never limited. */
class RequestAdmissionFilterTest {

    final Bulkhead bulkhead = Bulkhead.of("test", BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());
    final RequestAdmissionFilter filter = new RequestAdmissionFilter(bulkhead);

    @Test
    void refusesAnApiRequestBeyondTheLimitAndAdmitsOneOnceAPermitIsFree() throws Exception {
        assertThat(bulkhead.tryAcquirePermission()).isTrue(); // a request in progress

        MockHttpServletResponse refused = send("/api/v1/places");
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(send("/actuator/health/readiness").getStatus()).as("operator endpoints are not limited").isEqualTo(200);

        bulkhead.onComplete();
        assertThat(send("/api/v1/places").getStatus()).isEqualTo(200);
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).as("the permit is given back").isEqualTo(1);
    }

    private MockHttpServletResponse send(String path) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", path), response, new MockFilterChain());
        return response;
    }
}
