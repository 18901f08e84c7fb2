package com.cityexplorer.user.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record PasswordChange(@NotNull @Size(max = 128) String currentPassword, @NotNull @Size(min = 10, max = 128) String newPassword) {
}
