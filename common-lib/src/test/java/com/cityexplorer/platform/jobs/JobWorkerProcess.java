package com.cityexplorer.platform.jobs;

import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.cityexplorer.platform.PlatformTestApplication;

/**
 * One instance of a service with job workers, as its own JVM, for {@link JobWorkerCrashTest}: started
 * with the infrastructure's properties as arguments; with {@code -Dtest.submit=true} it also submits
 * one {@code takeover-probe} job and logs its id (the test reads the child's log).
 */
public final class JobWorkerProcess {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobWorkerProcess.class);

    private JobWorkerProcess() {
    }

    public static void main(String[] args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PlatformTestApplication.class)
            .web(WebApplicationType.NONE)
            .run(args);
        if (Boolean.getBoolean("test.submit")) {
            Job job = context.getBean(JobQueue.class).submit("takeover-probe", Map.of(), JobPriority.NORMAL, "owner-1");
            log.info("SUBMITTED {}", job.id());
        }
        log.info("WORKER READY");
    }
}
