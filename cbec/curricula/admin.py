from django.contrib import admin

from cbec.curricula.models import ProgrammeCount


@admin.register(ProgrammeCount)
class ProgrammeCountAdmin(admin.ModelAdmin[ProgrammeCount]):
    list_display = ["province_zh", "province_en", "year", "undergraduate", "vocational"]
    list_filter = ["year"]
