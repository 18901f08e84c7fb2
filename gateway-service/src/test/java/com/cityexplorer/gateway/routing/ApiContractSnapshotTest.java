package com.cityexplorer.gateway.routing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed snapshot of the API contract (for builds without ../shared) is the contract itself. */
class ApiContractSnapshotTest {

    @Test
    void docsSnapshotEqualsTheSharedContractWhereItExists() throws Exception {
        Optional<Path> shared = ApiContract.shared();
        if (System.getenv("CI") != null && !System.getenv().containsKey("GITHUB_ACTIONS")) {
            assertThat(shared).as("../shared/api-contract.md beside the checkout in this CI").isPresent();
        }
        if (shared.isPresent()) {
            assertThat(Files.readString(ApiContract.snapshot()))
                .as("docs/api-contract.md is out of date: copy ../shared/api-contract.md over it")
                .isEqualTo(Files.readString(shared.get()));
        }
        else {
            assertThat(ApiContract.snapshot()).isRegularFile();
        }
    }
}
