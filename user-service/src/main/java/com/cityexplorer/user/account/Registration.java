package com.cityexplorer.user.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A request to open an account. Roles cannot be asked for: the body has no such field, and unknown fields are refused. */
record Registration(
        @NotBlank @Size(max = 254) @Email(regexp = EmailAddresses.PATTERN, message = "must be an email address") String email,
        @NotNull @Size(min = 10, max = 128) String password,
        @Size(min = 1, max = 60) @Pattern(regexp = DisplayNames.PATTERN, message = DisplayNames.MESSAGE) String displayName,
        @Valid Preferences preferences) {

    Registration {
        // Validated and stored in its one normal spelling.
        email = email == null ? null : EmailAddresses.normalise(email);
    }
}
