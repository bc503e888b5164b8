package io.sightline.cli.support;

import picocli.CommandLine.IVersionProvider;

/** Reports the version Maven wrote into the jar manifest, or "development" when run from classes. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"sightline " + (version == null ? "development" : version)};
    }
}
