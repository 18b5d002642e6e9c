"""python -m netmon"""

from netmon.monitor.cli import main

main()
