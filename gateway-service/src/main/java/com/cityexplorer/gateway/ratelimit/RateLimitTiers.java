package com.cityexplorer.gateway.ratelimit;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.cityexplorer.gateway.identity.SessionIdentity;

/**
 * Which bucket size applies to a caller. Anonymous callers get the {@code anonymous} tier; a session gets
 * the largest tier among its roles (by burst, then refill), so a PARTNER who is also a USER gets PARTNER's.
 * A session whose roles have no tier of their own gets USER's (or anonymous' if there is no USER tier):
 * being signed in never lowers a limit. Role names are matched ignoring case, as configuration keys may
 * arrive in either.
 */
final class RateLimitTiers {

    private static final String USER = "USER";

    private final ResolvedTier anonymous;
    private final ResolvedTier signedInDefault;
    private final Map<String, ResolvedTier> byRole = new HashMap<>();

    RateLimitTiers(Map<String, RateLimitSettings.Tier> tiers) {
        ResolvedTier anonymousTier = null;
        for (Map.Entry<String, RateLimitSettings.Tier> entry : tiers.entrySet()) {
            String name = entry.getKey().toUpperCase(Locale.ROOT);
            if (name.equalsIgnoreCase(RateLimitSettings.ANONYMOUS)) {
                anonymousTier = new ResolvedTier(RateLimitSettings.ANONYMOUS, entry.getValue());
            }
            else {
                byRole.put(name, new ResolvedTier(name, entry.getValue()));
            }
        }
        this.anonymous = anonymousTier;
        this.signedInDefault = byRole.getOrDefault(USER, anonymousTier);
    }

    ResolvedTier of(SessionIdentity session) {
        if (session == null) {
            return anonymous;
        }
        ResolvedTier best = null;
        for (String role : session.roles()) {
            ResolvedTier tier = byRole.get(role.toUpperCase(Locale.ROOT));
            if (tier != null && (best == null || ResolvedTier.BY_SIZE.compare(tier, best) > 0)) {
                best = tier;
            }
        }
        return best != null ? best : signedInDefault;
    }

    List<ResolvedTier> all() {
        List<ResolvedTier> all = new java.util.ArrayList<>(byRole.values());
        all.add(anonymous);
        return all;
    }

    /**
     * A tier with what every request of it needs made once: the bucket script's arguments and the
     * constant header values.
     */
    record ResolvedTier(String name, int replenishPerSecond, int burst, List<String> scriptArgs, String limitHeader,
            String policyHeader) {

        static final Comparator<ResolvedTier> BY_SIZE = Comparator.comparingInt(ResolvedTier::burst)
            .thenComparingInt(ResolvedTier::replenishPerSecond);

        ResolvedTier(String name, RateLimitSettings.Tier tier) {
            // The bucket script's arguments: refill rate, capacity, "now" left empty so Redis's own clock
            // is used (one clock for every gateway instance), tokens per request.
            this(name, tier.replenishPerSecond(), tier.burst(),
                    scriptArgs(tier.replenishPerSecond(), tier.burst(), 1),
                    Integer.toString(tier.burst()),
                    // draft-ietf-httpapi-ratelimit-headers-07: quota;w=window, with extension parameters.
                    tier.replenishPerSecond() + ";w=1;burst=" + tier.burst() + ";comment=\"" + name + "\"");
        }

        /** The bucket script's arguments for taking {@code tokens} at once (one per request: {@link #scriptArgs()}). */
        List<String> scriptArgs(int tokens) {
            return tokens == 1 ? scriptArgs : scriptArgs(replenishPerSecond, burst, tokens);
        }

        private static List<String> scriptArgs(int replenishPerSecond, int burst, int tokens) {
            return List.of(Integer.toString(replenishPerSecond), Integer.toString(burst), "", Integer.toString(tokens));
        }
    }
}
