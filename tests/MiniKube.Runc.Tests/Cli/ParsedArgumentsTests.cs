using MiniKube.Runc.Cli;
using Xunit;

namespace MiniKube.Runc.Tests.Cli;

public sealed class ParsedArgumentsTests
{
    private static readonly Flag[] Flags = [new("bundle", TakesValue: true, Alias: "b"), new("force", Alias: "f"), new("env", TakesValue: true, Alias: "e")];

    [Theory]
    [InlineData("--bundle", "/b")]
    [InlineData("-bundle", "/b")]
    [InlineData("-b", "/b")]
    [InlineData("--bundle=/b")]
    [InlineData("-b=/b")]
    public void Parse_AcceptsRuncFlagSpellings(params string[] flag)
    {
        var parsed = ParsedArguments.Parse([.. flag, "id"], Flags, stopAtVerb: false, out _);
        Assert.Equal("/b", parsed.Value("bundle"));
        Assert.Equal(["id"], parsed.Positionals);
    }

    [Fact]
    public void Parse_FirstPositional_EndsTheFlags()
    {
        var parsed = ParsedArguments.Parse(["-f", "id", "sh", "-c", "echo --force"], Flags, stopAtVerb: false, out _);
        Assert.True(parsed.IsSet("force"));
        Assert.Equal(["id", "sh", "-c", "echo --force"], parsed.Positionals);
    }

    [Fact]
    public void Parse_RepeatedFlag_KeepsEveryValue()
    {
        var parsed = ParsedArguments.Parse(["-e", "A=1", "--env", "B=2", "id"], Flags, stopAtVerb: false, out _);
        Assert.Equal(["A=1", "B=2"], parsed.Values("env"));
    }

    [Fact]
    public void Parse_GlobalFlags_StopAtTheVerb()
    {
        var parsed = ParsedArguments.Parse(["--root", "/r", "--debug", "create", "--bundle", "x"], GlobalOptions.Flags, stopAtVerb: true, out var consumed);
        Assert.Equal("/r", parsed.Value("root"));
        Assert.True(parsed.IsSet("debug"));
        Assert.Equal(3, consumed);
    }

    [Theory]
    [InlineData("--nope", "flag provided but not defined: -nope")]
    [InlineData("--bundle", "flag needs an argument: -bundle")]
    public void Parse_BadFlag_SaysWhat(string arg, string message)
    {
        var ex = Assert.Throws<RuncException>(() => ParsedArguments.Parse([arg], Flags, stopAtVerb: false, out _));
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("KILL", 9)]
    [InlineData("SIGKILL", 9)]
    [InlineData("sigterm", 15)]
    [InlineData("9", 9)]
    [InlineData("USR1", 10)]
    public void Signals_Parse_NamesAndNumbers(string text, int expected) => Assert.Equal(expected, Signals.Parse(text));

    [Fact]
    public void Signals_Parse_Unknown_IsRefused() => Assert.Throws<RuncException>(() => Signals.Parse("SIGNOPE"));
}
