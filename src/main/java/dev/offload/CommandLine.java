package dev.offload;

import java.util.List;

/**
 * Parsed command-line arguments; {@link #parse} throws {@link IllegalArgumentException} with a usage message.
 * The config file is {@code --config FILE}, {@code -conf FILE} (the Vert.x launcher's spelling) or the one
 * positional argument after the command ({@code compare conf/compare.json}).
 */
record CommandLine(String command, String config, String out, boolean help, boolean watch) {
  private static final List<String> COMMANDS = List.of("serve", "worker", "compare");

  static CommandLine parse(String[] args) {
    String command = null;
    String config = null;
    String out = null;
    boolean help = false;
    boolean watch = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else if (arg.equals("--watch")) {
        watch = true;
      } else if (arg.equals("--config") || arg.equals("-conf") || arg.equals("--out")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a " + (arg.equals("--out") ? "folder" : "file name"));
        }
        if (arg.equals("--out")) {
          out = args[++i];
        } else {
          config = setOnce(config, args[++i]);
        }
      } else if (arg.startsWith("--config=")) {
        config = setOnce(config, arg.substring("--config=".length()));
      } else if (!arg.startsWith("-") && command == null && COMMANDS.contains(arg)) {
        command = arg;
      } else if (!arg.startsWith("-") && config == null) {
        config = arg;
      } else {
        throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
      }
    }
    String resolved = command == null ? "serve" : command;
    if (out != null && !resolved.equals("compare")) {
      throw new IllegalArgumentException("--out is for compare only");
    }
    if (watch && resolved.equals("compare")) {
      throw new IllegalArgumentException("--watch is for serve and worker only");
    }
    return new CommandLine(resolved, config, out, help, watch);
  }

  private static String setOnce(String current, String value) {
    if (current != null) {
      throw new IllegalArgumentException("the config file is given twice (" + current + ", " + value + ")");
    }
    return value;
  }
}
