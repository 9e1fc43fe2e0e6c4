"""Allow `python -m extractor ...` as an alias of the `extractor` console script."""

from extractor.cli.app import main

if __name__ == "__main__":
    main()
