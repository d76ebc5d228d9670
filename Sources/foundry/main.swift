import FoundryCLI

await FoundryMain.run()
