package io.sightline.cli.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a setting comes from, in the order users expect: a flag on the command line, else the environment
 * ({@code SIGHTLINE_<NAME>}, e.g. {@code SIGHTLINE_DB_PASSWORD} for {@code db-password}), else the config file
 * ({@code name = value} lines, Java properties syntax), else the built-in default.
 */
public final class Settings {

    private final Map<String, String> environment;
    private final Properties file;
    private final Path fileName;

    Settings(Map<String, String> environment, Properties file, Path fileName) {
        this.environment = Map.copyOf(environment);
        this.file = file;
        this.fileName = fileName;
    }

    /**
     * Settings from the process environment and the config file named by {@code --config}, else by
     * {@code SIGHTLINE_CONFIG}, else none.
     *
     * @throws CommandFailedException when the named file cannot be read
     */
    public static Settings load(Path configFlag, Map<String, String> environment) {
        Path configFile = configFlag;
        if (configFile == null && environment.get("SIGHTLINE_CONFIG") != null) {
            configFile = Path.of(environment.get("SIGHTLINE_CONFIG"));
        }
        Properties properties = new Properties();
        if (configFile != null) {
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new CommandFailedException(
                        ExitCode.ENVIRONMENT, "cannot read config file " + configFile + ": " + e.getMessage(), e);
            }
        }
        return new Settings(environment, properties, configFile);
    }

    /** The value of {@code name}: the flag if given, else environment, else config file; empty if none. */
    public Optional<String> get(String name, String flagValue) {
        if (flagValue != null) {
            return Optional.of(flagValue);
        }
        String fromEnvironment = environment.get(environmentName(name));
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Optional.of(fromEnvironment);
        }
        return Optional.ofNullable(file.getProperty(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Like {@link #get} for whole numbers, naming the setting and its source when the value is not one. */
    public Optional<Integer> getInt(String name, Integer flagValue) {
        if (flagValue != null) {
            return Optional.of(flagValue);
        }
        return get(name, null).map(value -> {
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw new CommandFailedException(
                        ExitCode.ENVIRONMENT,
                        name + " must be a whole number, got '" + value + "' (from " + source(name) + ")");
            }
        });
    }

    /** Where a value not given as a flag came from, for messages. */
    String source(String name) {
        if (environment.containsKey(environmentName(name))) {
            return "environment variable " + environmentName(name);
        }
        return fileName == null ? "defaults" : "config file " + fileName;
    }

    static String environmentName(String name) {
        return "SIGHTLINE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
