package com.cityexplorer.platform.web.servlet;

import java.io.IOException;

import io.github.resilience4j.bulkhead.Bulkhead;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import com.cityexplorer.platform.web.RequestIds;

/**
 * Admission control for the API: at most {@code city-explorer.web.max-concurrent-requests} API requests
 * in progress per instance (a resilience4j semaphore bulkhead, briefly waiting for a permit); beyond
 * that, 503 with {@code Retry-After: 1} at once. Virtual threads make every request cheap to accept,
 * so without a limit a flood queues on the database pool until the heap runs out (review-service died
 * that way at 100 reviews/s on the embedded database); with it, the instance stays up and answers
 * what it can, and the client (or the gateway's retry) tries again. Operator endpoints are not limited.
 */
class RequestAdmissionFilter extends OncePerRequestFilter {

    private final Bulkhead bulkhead;

    RequestAdmissionFilter(Bulkhead bulkhead) {
        this.bulkhead = bulkhead;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!bulkhead.tryAcquirePermission()) {
            Object requestId = request.getAttribute(RequestIds.ATTRIBUTE);
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader("Retry-After", "1");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                    + "\"detail\":\"Too many requests in progress here; try again in a second.\""
                    + (requestId != null ? ",\"requestId\":\"" + requestId + "\"" : "") + "}");
            return;
        }
        try {
            chain.doFilter(request, response);
        }
        finally {
            bulkhead.onComplete();
        }
    }
}
