package com.cityexplorer.affiliate.partner;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What an administrator sends to make a user a partner. */
record PartnerInput(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "is not a user id") String userId) {
}
