namespace ImageRecognition.Cli;

/// <summary>A failure the user can act on: its message is printed as it is, without a stack trace.</summary>
internal class CliException(string message) : Exception(message);
