package dev.offload;

import java.util.List;

/** Parsed command-line arguments; {@link #parse} throws {@link IllegalArgumentException} with a usage message. */
record CommandLine(String command, String config, boolean help) {
  private static final List<String> COMMANDS = List.of("serve", "compare");

  static CommandLine parse(String[] args) {
    String command = null;
    String config = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else if (arg.equals("--config") || arg.equals("-conf")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a file name");
        }
        config = args[++i];
      } else if (arg.startsWith("--config=")) {
        config = arg.substring("--config=".length());
      } else if (!arg.startsWith("-") && command == null && COMMANDS.contains(arg)) {
        command = arg;
      } else {
        throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
      }
    }
    return new CommandLine(command == null ? "serve" : command, config, help);
  }
}
