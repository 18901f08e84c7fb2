package com.cityexplorer.user.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A PATCH of the profile: a field that is present replaces the old value; an absent one keeps it. */
record ProfileUpdate(
        @Size(min = 1, max = 60) @Pattern(regexp = DisplayNames.PATTERN, message = DisplayNames.MESSAGE) String displayName,
        @Valid Preferences preferences) {
}
