package com.cityexplorer.platform.web.servlet;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.servlet.DispatcherServlet;

/** Problem+json errors and request ids for every servlet (Spring MVC) service. */
@AutoConfiguration(before = { WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
public class PlatformWebMvcAutoConfiguration {

    @Bean
    PlatformExceptionHandler platformExceptionHandler() {
        return new PlatformExceptionHandler();
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * An {@code ETag} on every successful API read, and 304 to a client or CDN that already has it
     * ({@code If-None-Match}); each controller says how long a read may be cached ({@code Cache-Control}).
     */
    @Bean
    FilterRegistrationBean<ShallowEtagHeaderFilter> etagFilter() {
        FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(new ShallowEtagHeaderFilter());
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            @Value("${city-explorer.web.max-request-body:1MB}") DataSize maxRequestBody) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(maxRequestBody.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestAdmissionFilter> requestAdmissionFilter(
            @Value("${city-explorer.web.max-concurrent-requests:128}") int maxConcurrentRequests,
            @Value("${city-explorer.web.admission-wait:50ms}") java.time.Duration admissionWait,
            org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        // Metrics: resilience4j.bulkhead.available.concurrent.calls{name=api-requests} and friends.
        io.github.resilience4j.bulkhead.BulkheadRegistry bulkheads = io.github.resilience4j.bulkhead.BulkheadRegistry.of(
                io.github.resilience4j.bulkhead.BulkheadConfig.custom()
                    .maxConcurrentCalls(maxConcurrentRequests)
                    .maxWaitDuration(admissionWait)
                    .build());
        io.github.resilience4j.bulkhead.Bulkhead bulkhead = bulkheads.bulkhead("api-requests");
        meters.ifAvailable(registry -> io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads)
            .bindTo(registry));
        FilterRegistrationBean<RequestAdmissionFilter> registration = new FilterRegistrationBean<>(new RequestAdmissionFilter(bulkhead));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
