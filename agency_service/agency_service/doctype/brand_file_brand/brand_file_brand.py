# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

from agency_service.clients.access import BrandFileRow


class BrandFileBrand(BrandFileRow):
	pass
