from creator_roster.api.cli import main

main()
