package com.cityexplorer.user.account;

import java.util.List;
import java.util.Locale;

import org.springframework.web.ErrorResponseException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import com.cityexplorer.platform.web.Problems;

/** What a password must be beyond its length (which the request's own validation checks). */
final class PasswordRules {

    private PasswordRules() {
    }

    /** Why this password is refused, or null when it is acceptable. */
    static String violation(String email, String password) {
        if (password.length() < 10 || password.length() > 128) {
            return "must be between 10 and 128 characters";
        }
        if (password.isBlank() || password.chars().distinct().count() < 4) {
            return "must use at least 4 different characters";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String localPart = email.substring(0, Math.max(0, email.indexOf('@')));
        if (lower.equals(email) || (localPart.length() >= 4 && lower.contains(localPart))) {
            return "must not contain your email address";
        }
        return null;
    }

    static ErrorResponseException invalid(String field, String violation) {
        ProblemDetail problem = Problems.validation(List.of(new Problems.FieldError(field, violation)), null, null);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
