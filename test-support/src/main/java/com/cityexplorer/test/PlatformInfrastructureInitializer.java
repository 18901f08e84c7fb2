package com.cityexplorer.test;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a Spring test context at the shared {@link PlatformInfrastructure}, above application.yml. */
public class PlatformInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources()
            .addFirst(new MapPropertySource("cityExplorerTestInfrastructure",
                    PlatformInfrastructure.shared().springProperties()));
    }
}
