import sys

from trustlog.main import main

sys.exit(main())
