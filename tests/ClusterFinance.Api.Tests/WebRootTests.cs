namespace ClusterFinance.Api.Tests;

/// <summary>The eligibility checker page is found beside a published API whatever folder the process starts in.</summary>
public sealed class WebRootTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cf-webroot-").FullName;

    private string Folder(string name, bool withPage)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        if (withPage) Directory.CreateDirectory(Path.Combine(folder, "wwwroot"));
        return folder;
    }

    [Fact]
    public void PublishedApi_StartedElsewhere_ServesThePageBesideIt()
    {
        var application = Folder("app", withPage: true);

        Assert.Equal(Path.Combine(application, "wwwroot"), Startup.PublishedWebRoot([], Folder("elsewhere", withPage: false), application));
    }

    [Fact]
    public void WorkingFolderWithAPage_KeepsTheDefault()
    {
        Assert.Null(Startup.PublishedWebRoot([], Folder("project", withPage: true), Folder("app", withPage: true)));
    }

    [Fact]
    public void NoPageAnywhere_KeepsTheDefault()
    {
        Assert.Null(Startup.PublishedWebRoot([], Folder("elsewhere", withPage: false), Folder("app", withPage: false)));
    }

    [Fact]
    public void WebRootGivenOnTheCommandLine_IsKept()
    {
        Assert.Null(Startup.PublishedWebRoot(["--webroot", "/srv/page"], Folder("elsewhere", withPage: false), Folder("app", withPage: true)));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
