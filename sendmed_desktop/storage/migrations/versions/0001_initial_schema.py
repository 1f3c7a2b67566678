"""Initial schema: the whole mission, so later work adds rather than reworks.

Migrations are frozen history: they use plain SQLAlchemy types, never the live models.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-30 00:49:39.644437
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_audit_log_entry_hash")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "referred",
                "preparing",
                "scheduled",
                "in_meeting",
                "after_meeting",
                "declined",
                "closed",
                name="casestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "current_stage",
            sa.Enum(
                "preparation",
                "opening",
                "opening_statements",
                "childs_views",
                "agenda",
                "exploration",
                "options",
                "agreement",
                "close",
                "after_meeting",
                name="stage",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("local_authority", sa.String(length=200), nullable=False),
        sa.Column("health_only", sa.Boolean(), nullable=False),
        sa.Column("subject_name", sa.String(length=200), nullable=False),
        sa.Column("outcome_category", sa.String(length=60), nullable=True),
        sa.Column("agreement_to_mediate_signed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("reference", name=op.f("uq_cases_reference")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_status_updated", ["status", "updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_subject_name"), ["subject_name"], unique=False)
        batch_op.create_index("ix_cases_updated_at", ["updated_at"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=60), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("job_title", sa.String(length=200), nullable=True),
        sa.Column("communication_needs", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_full_name"), ["full_name"], unique=False)

    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("reference_prefix", sa.String(length=20), nullable=False),
        sa.Column("next_certificate_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("reference_prefix", name=op.f("uq_providers_reference_prefix")),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "signing",
                "signed",
                "superseded",
                name="agreementstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("dated_on", sa.Date(), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("child_views_summary", sa.Text(), nullable=True),
        sa.Column("distribution", sa.Text(), nullable=False),
        sa.Column("sealed_pdf", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_agreements_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["agreements.id"],
            name=op.f("fk_agreements_superseded_by_id_agreements"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("case_id", "version", name="case_version"),
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "parent_carer",
                "young_person",
                "child",
                "alternative_person",
                "supporter",
                "la_officer",
                "icb_officer",
                "school",
                "other",
                name="role",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("is_party", sa.Boolean(), nullable=False),
        sa.Column("acts_for_id", sa.Integer(), nullable=True),
        sa.Column("acting_basis", sa.Text(), nullable=True),
        sa.Column("supports_id", sa.Integer(), nullable=True),
        sa.Column("relationship_to_child", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["acts_for_id"],
            ["case_participants.id"],
            name=op.f("fk_case_participants_acts_for_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_participants_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_case_participants_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["supports_id"],
            ["case_participants.id"],
            name=op.f("fk_case_participants_supports_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_participants")),
    )
    with op.batch_alter_table("case_participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_participants_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_participants_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "declined",
                "after_mediation",
                "not_held",
                name="certificatekind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("issuer_name", sa.String(length=200), nullable=False),
        sa.Column("issuer_role", sa.String(length=200), nullable=False),
        sa.Column(
            "resolution",
            sa.Enum(
                "in_full",
                "in_part",
                "not_at_all",
                name="resolutionextent",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("signature_strokes_json", sa.Text(), nullable=True),
        sa.Column("reissue_of_id", sa.Integer(), nullable=True),
        sa.Column("reissue_reason", sa.Text(), nullable=True),
        sa.Column("sealed_pdf", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_certificates_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reissue_of_id"],
            ["certificates.id"],
            name=op.f("fk_certificates_reissue_of_id_certificates"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("reference", name=op.f("uq_certificates_reference")),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificates_case_id"), ["case_id"], unique=False)

    op.create_table(
        "disputed_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "ground",
            sa.Enum(
                "a_refuse_assessment",
                "b_no_plan",
                "c_plan_content",
                "d_refuse_reassessment",
                "e_refuse_amendment",
                "f_cease_plan",
                "health_social_care_only",
                name="ground",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "plan_content_part",
            sa.Enum(
                "i_section_b",
                "ii_section_f",
                "iii_section_i",
                "iv_no_school",
                name="plancontentpart",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("notice_date", sa.Date(), nullable=True),
        sa.Column("notice_sent_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_disputed_decisions_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disputed_decisions")),
        sa.UniqueConstraint("case_id", name=op.f("uq_disputed_decisions_case_id")),
    )
    op.create_table(
        "mediation_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column(
            "area",
            sa.Enum(
                "education", "health", "social_care", name="issuearea", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("health_provision_sought", sa.Text(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "agreed",
                "partly_agreed",
                "not_agreed",
                name="issueoutcome",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_mediation_issues_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_issues")),
    )
    with op.batch_alter_table("mediation_issues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediation_issues_case_id"), ["case_id"], unique=False)

    op.create_table(
        "mediator_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role_title", sa.String(length=100), nullable=False),
        sa.Column("accreditation_body", sa.String(length=200), nullable=True),
        sa.Column("accreditation_number", sa.String(length=100), nullable=True),
        sa.Column("accredited_until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_mediator_profiles_provider_id_providers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediator_profiles")),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "format",
            sa.Enum(
                "in_person", "video", "phone", name="meetingformat", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("video_link", sa.Text(), nullable=True),
        sa.Column("scheduled_start", sa.DateTime(), nullable=True),
        sa.Column("scheduled_end", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_meetings_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_case_id"), ["case_id"], unique=False)

    op.create_table(
        "stage_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "preparation",
                "opening",
                "opening_statements",
                "childs_views",
                "agenda",
                "exploration",
                "options",
                "agreement",
                "close",
                "after_meeting",
                name="stage",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        sa.Column("checklist_json", sa.Text(), nullable=False),
        sa.Column("acknowledged_warnings_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_stage_progress_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_progress")),
    )
    with op.batch_alter_table("stage_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stage_progress_case_id"), ["case_id"], unique=False)

    op.create_table(
        "statutory_dates",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("adviser_contacted_on", sa.Date(), nullable=True),
        sa.Column(
            "family_decision",
            sa.Enum("mediate", "decline", name="familydecision", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("family_decision_on", sa.Date(), nullable=True),
        sa.Column("adviser_told_of_decision_on", sa.Date(), nullable=True),
        sa.Column("la_informed_on", sa.Date(), nullable=True),
        sa.Column("icb_notified_on", sa.Date(), nullable=True),
        sa.Column("la_told_adviser_not_possible_on", sa.Date(), nullable=True),
        sa.Column("notice_given_on", sa.Date(), nullable=True),
        sa.Column("shorter_notice_agreed", sa.Boolean(), nullable=False),
        sa.Column("meeting_held_on", sa.Date(), nullable=True),
        sa.Column("meeting_concluded_on", sa.Date(), nullable=True),
        sa.Column("agreement_dated_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_statutory_dates_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_statutory_dates")),
    )
    op.create_table(
        "attendees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("authority_to_settle", sa.Boolean(), nullable=True),
        sa.Column("consent_to_attend", sa.Boolean(), nullable=True),
        sa.Column("joins_remotely", sa.Boolean(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_attendees_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["case_participants.id"],
            name=op.f("fk_attendees_participant_id_case_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendees")),
    )
    with op.batch_alter_table("attendees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendees_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "child_views_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("child_participant_id", sa.Integer(), nullable=True),
        sa.Column(
            "method",
            sa.Enum(
                "attended",
                "met_mediator",
                "via_parent",
                "via_school_or_advocate",
                "written",
                "drawing",
                "recording",
                "not_practicable",
                name="childviewsmethod",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("sought_on", sa.Date(), nullable=True),
        sa.Column("sought_by", sa.String(length=200), nullable=True),
        sa.Column("consent_given", sa.Boolean(), nullable=True),
        sa.Column("may_share", sa.Text(), nullable=True),
        sa.Column("share_with", sa.Text(), nullable=True),
        sa.Column("verbatim", sa.Boolean(), nullable=False),
        sa.Column("views_text", sa.Text(), nullable=False),
        sa.Column("not_practicable_reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_child_views_records_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["child_participant_id"],
            ["case_participants.id"],
            name=op.f("fk_child_views_records_child_participant_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_views_records")),
        sa.UniqueConstraint("case_id", name=op.f("uq_child_views_records_case_id")),
    )
    op.create_table(
        "contact_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_contact_log_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["case_participants.id"],
            name=op.f("fk_contact_log_participant_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_log")),
    )
    with op.batch_alter_table("contact_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_log_case_id"), ["case_id"], unique=False)

    op.create_table(
        "expenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "travel", "childcare", "other", name="expensekind", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("claimed_on", sa.Date(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_expenses_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["case_participants.id"],
            name=op.f("fk_expenses_participant_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expenses")),
    )
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expenses_case_id"), ["case_id"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_feedback_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["case_participants.id"],
            name=op.f("fk_feedback_participant_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_case_id"), ["case_id"], unique=False)

    op.create_table(
        "issue_sections",
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column(
            "section",
            sa.Enum(
                "A",
                "B",
                "C",
                "D",
                "E",
                "F",
                "G",
                "H1",
                "H2",
                "I",
                "J",
                "K",
                name="plansection",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["mediation_issues.id"],
            name=op.f("fk_issue_sections_issue_id_mediation_issues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("issue_id", "section", name=op.f("pk_issue_sections")),
    )
    op.create_table(
        "meeting_breaks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_breaks_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_breaks")),
    )
    with op.batch_alter_table("meeting_breaks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_breaks_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("counter_to_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "accepted",
                "rejected",
                "withdrawn",
                name="proposalstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_proposals_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["counter_to_id"],
            ["proposals.id"],
            name=op.f("fk_proposals_counter_to_id_proposals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["mediation_issues.id"],
            name=op.f("fk_proposals_issue_id_mediation_issues"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["case_participants.id"],
            name=op.f("fk_proposals_proposed_by_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposals_case_id"), ["case_id"], unique=False)

    op.create_table(
        "reasonable_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("arranged", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_reasonable_adjustments_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["case_participants.id"],
            name=op.f("fk_reasonable_adjustments_participant_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reasonable_adjustments")),
    )
    with op.batch_alter_table("reasonable_adjustments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reasonable_adjustments_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_role", sa.String(length=200), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "drawn", "typed", "verbal", name="signaturemethod", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("strokes_json", sa.Text(), nullable=True),
        sa.Column("typed_statement", sa.Text(), nullable=True),
        sa.Column("attested_by", sa.String(length=200), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_signatures_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["case_participants.id"],
            name=op.f("fk_signatures_participant_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signatures")),
    )
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signatures_agreement_id"), ["agreement_id"], unique=False
        )

    op.create_table(
        "view_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column(
            "stage",
            sa.Enum(
                "preparation",
                "opening",
                "opening_statements",
                "childs_views",
                "agenda",
                "exploration",
                "options",
                "agreement",
                "close",
                "after_meeting",
                name="stage",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "confidentiality",
            sa.Enum(
                "private",
                "private_session",
                "shareable",
                name="confidentiality",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("shareable_summary", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_view_notes_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["case_participants.id"],
            name=op.f("fk_view_notes_participant_id_case_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_view_notes")),
    )
    with op.batch_alter_table("view_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_view_notes_case_id"), ["case_id"], unique=False)

    op.create_table(
        "agreed_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("owner_role", sa.String(length=200), nullable=False),
        sa.Column("owner_organisation", sa.String(length=200), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "plan_section",
            sa.Enum(
                "A",
                "B",
                "C",
                "D",
                "E",
                "F",
                "G",
                "H1",
                "H2",
                "I",
                "J",
                "K",
                name="plansection",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "statutory_basis",
            sa.Enum(
                "appealable",
                "not_appealable",
                "alternative_agreed",
                name="statutorybasis",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("reg44_outcome", sa.String(length=40), nullable=True),
        sa.Column("alternative_timescale_note", sa.Text(), nullable=True),
        sa.Column("acknowledged_findings_json", sa.Text(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreed_actions_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["mediation_issues.id"],
            name=op.f("fk_agreed_actions_issue_id_mediation_issues"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_agreed_actions_proposal_id_proposals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreed_actions")),
    )
    with op.batch_alter_table("agreed_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreed_actions_agreement_id"), ["agreement_id"], unique=False
        )

    # The audit trail is append-only: the database itself refuses edits and deletions.
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    with op.batch_alter_table("agreed_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreed_actions_agreement_id"))

    op.drop_table("agreed_actions")
    with op.batch_alter_table("view_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_view_notes_case_id"))

    op.drop_table("view_notes")
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signatures_agreement_id"))

    op.drop_table("signatures")
    with op.batch_alter_table("reasonable_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reasonable_adjustments_case_id"))

    op.drop_table("reasonable_adjustments")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_case_id"))

    op.drop_table("proposals")
    with op.batch_alter_table("meeting_breaks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_breaks_meeting_id"))

    op.drop_table("meeting_breaks")
    op.drop_table("issue_sections")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_case_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expenses_case_id"))

    op.drop_table("expenses")
    with op.batch_alter_table("contact_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_log_case_id"))

    op.drop_table("contact_log")
    op.drop_table("child_views_records")
    with op.batch_alter_table("attendees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendees_meeting_id"))

    op.drop_table("attendees")
    op.drop_table("statutory_dates")
    with op.batch_alter_table("stage_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_progress_case_id"))

    op.drop_table("stage_progress")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_case_id"))

    op.drop_table("meetings")
    op.drop_table("mediator_profiles")
    with op.batch_alter_table("mediation_issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_issues_case_id"))

    op.drop_table("mediation_issues")
    op.drop_table("disputed_decisions")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificates_case_id"))

    op.drop_table("certificates")
    with op.batch_alter_table("case_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_participants_person_id"))
        batch_op.drop_index(batch_op.f("ix_case_participants_case_id"))

    op.drop_table("case_participants")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreements_case_id"))

    op.drop_table("agreements")
    op.drop_table("providers")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_full_name"))

    op.drop_table("people")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_updated_at")
        batch_op.drop_index(batch_op.f("ix_cases_subject_name"))
        batch_op.drop_index("ix_cases_status_updated")

    op.drop_table("cases")
    op.drop_table("audit_log")
