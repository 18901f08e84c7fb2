package com.cityexplorer.platform.web.servlet;

import java.util.List;

import com.cityexplorer.platform.web.Problems;
import com.cityexplorer.platform.web.Problems.FieldError;
import com.cityexplorer.platform.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a service answers is RFC 9457 problem+json: Spring MVC's own exceptions through the base
 * class, validation failures with the list of fields, and anything unexpected as a bare 500 that is
 * logged with the request id and never shows the exception to the client.
 */
@RestControllerAdvice
class PlatformExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PlatformExceptionHandler.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
            .map(error -> new FieldError(error.getField(), message(error)))
            .toList();
        List<FieldError> globalErrors = ex.getBindingResult().getGlobalErrors().stream()
            .map(error -> new FieldError(error.getObjectName(), message(error)))
            .toList();
        return problem(Problems.validation(concat(errors, globalErrors), path(request), requestId(request)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults().stream()
            .flatMap(result -> result.getResolvableErrors().stream()
                .map(error -> new FieldError(parameterName(result), message(error))))
            .toList();
        return problem(Problems.validation(errors, path(request), requestId(request)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimitFilter.RequestBodyTooLargeException) {
                return problem(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large.", path(request),
                        requestId(request)), headers);
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return problem(Problems.validation(List.of(new FieldError(fieldPath(unknown), "is not a known field")),
                        path(request), requestId(request)), headers);
            }
            if (cause instanceof DatabindException mismatch && !mismatch.getPath().isEmpty()) {
                return problem(Problems.validation(List.of(new FieldError(fieldPath(mismatch), "has the wrong type or format")),
                        path(request), requestId(request)), headers);
            }
        }
        return problem(Problems.of(HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON.",
                path(request), requestId(request)), headers);
    }

    private static String fieldPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, NativeWebRequest request) {
        List<FieldError> errors = ex.getConstraintViolations().stream()
            .map(violation -> new FieldError(violation.getPropertyPath().toString(), violation.getMessage()))
            .toList();
        return problem(Problems.validation(errors, path(request), requestId(request)), new HttpHeaders());
    }

    /**
     * The database (or Redis) cannot be reached or is too slow right now: the request may well succeed
     * again. The driver's own exceptions too, for code that uses the driver directly (no translation).
     */
    @ExceptionHandler({ org.springframework.dao.DataAccessResourceFailureException.class,
        org.springframework.dao.TransientDataAccessException.class, com.mongodb.MongoTimeoutException.class,
        com.mongodb.MongoSocketException.class, com.mongodb.MongoExecutionTimeoutException.class })
    ResponseEntity<Object> handleUnavailable(Exception ex, NativeWebRequest request) {
        log.warn("Data store unavailable on {}: {}", path(request), ex.toString());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "A data store is unavailable; try again shortly.",
                path(request), requestId(request));
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return problem(problem, headers);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, NativeWebRequest request) {
        log.error("Unhandled error on {}", path(request), ex);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred. Quote the request id when reporting it.", path(request),
                requestId(request));
        return problem(problem, new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            Problems.decorate(problem, path(request), requestId(request));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
    }

    private static String parameterName(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        return name != null ? name : "parameter " + result.getMethodParameter().getParameterIndex();
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return second.isEmpty() ? first : java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }

    private static String path(WebRequest request) {
        HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        return servletRequest != null ? servletRequest.getRequestURI() : null;
    }

    private static String requestId(WebRequest request) {
        Object id = request.getAttribute(RequestIds.ATTRIBUTE, WebRequest.SCOPE_REQUEST);
        return id != null ? id.toString() : null;
    }
}
