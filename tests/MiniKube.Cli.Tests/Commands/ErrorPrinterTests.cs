using MiniKube.ApiMachinery.Errors;
using MiniKube.Cli.Client;
using MiniKube.Cli.Commands;
using Xunit;

namespace MiniKube.Cli.Tests.Commands;

public sealed class ErrorPrinterTests
{
    [Fact]
    public void Format_ServerError_ShowsReasonAndMessage() =>
        Assert.Equal("Error from server (NotFound): pods \"web\" not found\n",
            ErrorPrinter.Format(new ApiException(StatusErrors.NotFound("", "pods", "web")), verbosity: 0));

    [Fact]
    public void Format_ServerErrorWithContext_PutsTheContextBeforeTheMessage() =>
        Assert.Equal("Error from server (AlreadyExists): error when creating \"a.yaml\": deployments.apps \"web\" already exists\n",
            ErrorPrinter.Format(new ApiException(StatusErrors.AlreadyExists("apps", "deployments", "web")).WithContext("error when creating \"a.yaml\""), 0));

    [Fact]
    public void Format_InvalidWithOneCause_IsOneLine() =>
        Assert.Equal("The Pod \"bad\" is invalid: spec.containers[0].image: Required value\n",
            ErrorPrinter.Format(new ApiException(StatusErrors.Invalid("", "Pod", "bad", [FieldError.Required("spec.containers[0].image")])), 0));

    [Fact]
    public void Format_InvalidWithSeveralCauses_ListsThem() =>
        Assert.Equal("The Pod \"bad\" is invalid: \n* spec.a: Required value\n* spec.b: Required value\n",
            ErrorPrinter.Format(new ApiException(StatusErrors.Invalid("", "Pod", "bad", [FieldError.Required("spec.a"), FieldError.Required("spec.b")])), 0));

    [Fact]
    public void Format_ClientSideError_StartsWithError() =>
        Assert.Equal("error: the path \"x\" does not exist\n", ErrorPrinter.Format(new CliException("the path \"x\" does not exist"), 0));

    [Fact]
    public void Format_UnexpectedError_ShowsTheStackOnlyWithVerbosity()
    {
        var error = new InvalidOperationException("boom");

        Assert.Equal("error: boom\n", ErrorPrinter.Format(error, verbosity: 0));
        Assert.Contains("System.InvalidOperationException: boom", ErrorPrinter.Format(error, verbosity: 1), StringComparison.Ordinal);
    }

    [Fact]
    public void StatusFromBody_NonStatusBody_IsDescribedFromTheHttpCode()
    {
        var status = ApiClient.StatusFromBody(503, "<html>down</html>");

        Assert.Equal(("ServiceUnavailable", 503), (status.Reason, status.Code));
        Assert.Equal("Status", status.Kind);
    }
}
