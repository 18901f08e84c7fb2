package com.cityexplorer.platform.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds the platform's RFC 9457 problem documents, so servlet and reactive applications answer alike.
 */
public final class Problems {

    public static final String VALIDATION_TYPE = "https://city-explorer.dev/problems/validation";

    private Problems() {
    }

    /** One invalid input field, as listed in a validation problem's {@code errors}. */
    public record FieldError(String field, String message) {
    }

    public static ProblemDetail of(HttpStatus status, String detail, String instance, String requestId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        return decorate(problem, instance, requestId);
    }

    public static ProblemDetail validation(List<FieldError> errors, String instance, String requestId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has " + errors.size() + " invalid field(s).");
        problem.setType(URI.create(VALIDATION_TYPE));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return decorate(problem, instance, requestId);
    }

    public static ProblemDetail decorate(ProblemDetail problem, String instance, String requestId) {
        if (problem.getInstance() == null && instance != null) {
            problem.setInstance(URI.create(instance));
        }
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }
}
