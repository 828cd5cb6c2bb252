package dev.offload.config;

import dev.offload.workload.Workloads;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a config file from disk and validates it; every failure is a {@link ConfigFileException}. */
public final class ConfigLoader {
  private final ConfigParser parser;

  public ConfigLoader(Workloads workloads) {
    this.parser = new ConfigParser(workloads);
  }

  public OffloadConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigFileException(file, "no such file");
    } catch (IOException e) {
      throw new ConfigFileException(file, "cannot read: " + e.getMessage());
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigFileException(file, "not a JSON object: " + firstLine(e.getMessage()));
    }
    try {
      return parser.parse(json);
    } catch (ConfigException e) {
      throw new ConfigFileException(file, e.getMessage());
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** A config file that cannot be used; its message is the one line the CLI prints. */
  public static final class ConfigFileException extends RuntimeException {
    public ConfigFileException(Path file, String reason) {
      super("config: " + file + ": " + reason, null, false, false);
    }
  }
}
