package com.cityexplorer.platform.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.util.StringUtils;

/**
 * Takes the identity token from the {@code Authorization} header, as {@link DefaultBearerTokenResolver} does with its
 * defaults (the header only; "Bearer" in any case; RFC 6750's token characters; anything else after "Bearer" is
 * refused as malformed), but with a loop instead of that class's regular expression: run over the 600-odd characters
 * of an identity token, the expression was most of the 8 % of a service's CPU that went to regular expressions on a
 * signed-in read (docs/performance.md). The library's class is final and has no other way in, hence by hand.
 */
final class IdentityTokenResolver implements BearerTokenResolver {

    private static final int PREFIX = "Bearer ".length();

    @Override
    public String resolve(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (!StringUtils.startsWithIgnoreCase(authorization, "bearer")) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, PREFIX) || !isToken(authorization)) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return authorization.substring(PREFIX);
    }

    /** RFC 6750's b64token after the prefix: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    private static boolean isToken(String authorization) {
        int end = authorization.length();
        int i = PREFIX;
        while (i < end && isTokenCharacter(authorization.charAt(i))) {
            i++;
        }
        if (i == PREFIX) {
            return false;
        }
        while (i < end && authorization.charAt(i) == '=') {
            i++;
        }
        return i == end;
    }

    private static boolean isTokenCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
