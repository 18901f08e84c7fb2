package com.cityexplorer.user.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A login request. The email is not checked for shape here: a malformed one is simply unknown (401). */
record Credentials(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 128) String password) {
}
