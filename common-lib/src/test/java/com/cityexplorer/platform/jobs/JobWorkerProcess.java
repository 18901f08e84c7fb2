package com.cityexplorer.platform.jobs;

import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.cityexplorer.platform.PlatformTestApplication;

/**
 * One instance of a service with job workers, as its own JVM, for {@link JobWorkerCrashTest}: started
 * with the infrastructure's properties as arguments; with {@code -Dtest.submit=true} it also submits
 * one {@code takeover-probe} job and prints its id.
 */
public final class JobWorkerProcess {

    private JobWorkerProcess() {
    }

    public static void main(String[] args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PlatformTestApplication.class)
            .web(WebApplicationType.NONE)
            .run(args);
        if (Boolean.getBoolean("test.submit")) {
            Job job = context.getBean(JobQueue.class).submit("takeover-probe", Map.of(), JobPriority.NORMAL, "owner-1");
            System.out.println("SUBMITTED " + job.id());
        }
        System.out.println("WORKER READY");
    }
}
