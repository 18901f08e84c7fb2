package com.cityexplorer.user.session;

import java.time.Instant;

import com.cityexplorer.user.account.Profile;

/** What a successful login answers: the token (shown only now), when it expires, and who signed in. */
record LoginResult(String token, Instant expiresAt, Profile user) {
}
