package com.cityexplorer.platform.security;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authorities of a set of roles, made once for each of the few possible sets rather than per request: every
 * signed-in request turns its identity token's roles into authorities, and with three roles there are eight sets.
 */
final class RoleAuthorities {

    private static final Map<Set<Role>, List<GrantedAuthority>> BY_ROLES = allSets();

    private RoleAuthorities() {
    }

    static List<GrantedAuthority> of(Set<Role> roles) {
        List<GrantedAuthority> authorities = BY_ROLES.get(roles);
        return authorities != null ? authorities : authorities(roles);
    }

    private static Map<Set<Role>, List<GrantedAuthority>> allSets() {
        Role[] all = Role.values();
        Map<Set<Role>, List<GrantedAuthority>> sets = new HashMap<>();
        for (int mask = 0; mask < 1 << all.length; mask++) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (int i = 0; i < all.length; i++) {
                if ((mask & 1 << i) != 0) {
                    roles.add(all[i]);
                }
            }
            sets.put(Set.copyOf(roles), authorities(roles));
        }
        return Map.copyOf(sets);
    }

    private static List<GrantedAuthority> authorities(Set<Role> roles) {
        return roles.stream().map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority())).toList();
    }
}
